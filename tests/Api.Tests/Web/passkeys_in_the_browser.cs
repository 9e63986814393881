using Deque.AxeCore.Playwright;
using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A person in Chromium signs up, confirms from the caught mail, signs in with a password, adds a passkey (a virtual
/// WebAuthn authenticator stands in for the device), signs out and signs in with the passkey alone.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class passkeys_in_the_browser(SeededSite site, AppFixture app)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task sign_up_confirm_add_a_passkey_sign_out_and_sign_in_with_it()
    {
        site.SkipWithoutBrowser();
        await using var watched = await site.Open();
        var page = watched.Page;
        // WebAuthn takes a domain, never an IP address, as the site's identity: the same server, named localhost.
        var origin = site.Url.Replace("127.0.0.1", "localhost");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        var email = $"passkey-{Guid.NewGuid():N}@example.com";
        await watched.Go($"{origin}{AccountPages.SignUpPath}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(CodeFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" }).WaitForAsync(Patiently);

        var confirm = MailCatcher.LinkTo(await app.Mail.Next(email, "Confirm your Marketplace account"), AccountPages.ConfirmPath);
        await watched.Go($"{origin}{confirm}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Email confirmed" }).WaitForAsync(Patiently);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First.ClickAsync();

        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(CodeFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByText($"Signed in as {email}").WaitForAsync(Patiently);

        await page.GetByLabel("Name of the new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await page.GetByText("Passkey added: you can sign in with it now.").WaitForAsync(Patiently);
        (await page.Locator("ul.passkeys").InnerTextAsync()).ShouldContain("Test laptop");
        await watched.Screenshot("account-with-a-passkey");
        (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First.WaitForAsync(Patiently);
        await watched.Go($"{origin}{AccountPages.SignInPath}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.GetByText($"Signed in as {email}").WaitForAsync(Patiently);
        (await page.Locator("header.site").InnerTextAsync()).ShouldContain(email, customMessage: "the header says who is signed in");
        (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        watched.ConsoleErrors.ShouldBeEmpty();
    }
}
