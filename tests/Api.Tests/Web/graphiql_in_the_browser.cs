using Deque.AxeCore.Playwright;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>GraphiQL as a person meets it: opened in Chromium at /graphql, not fetched by a client that never renders it.</summary>
[Collection(nameof(SeededSiteCollection))]
public class graphiql_in_the_browser(SeededSite site, AppFixture app)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task opens_as_graphiql_with_the_schema_and_runs_a_typed_query()
    {
        site.SkipWithoutBrowser();
        await using var watched = await site.Open();
        var response = await watched.Go($"{site.Url}/graphql");

        response.Status.ShouldBe(200);
        response.Headers["content-type"].ShouldBe("text/html; charset=utf-8");
        (await watched.Page.Locator("body").InnerTextAsync()).ShouldNotContain("<!doctype", Case.Insensitive, "the page, not its source");
        await watched.Page.Locator(".graphiql-container").WaitForAsync(Patiently);

        // The schema loads: the docs explorer lists the root types.
        await watched.Page.Locator("button[aria-label='Show Documentation Explorer']").ClickAsync();
        var docs = watched.Page.Locator(".graphiql-doc-explorer");
        await docs.GetByText("Query", new() { Exact = true }).WaitForAsync(Patiently);
        await docs.GetByText("Mutation", new() { Exact = true }).WaitForAsync(Patiently);

        await Run(watched.Page, """{ skill(slug: "microservices") { name } }""");
        await Result(watched.Page).GetByText("Microservices").WaitForAsync(Patiently);

        await watched.Page.Locator("button[aria-label^='Prettify query']").ClickAsync();
        await watched.Screenshot("graphiql-1280px");
        var axe = await watched.Page.RunAxe();
        axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}: {string.Join(" | ", v.Nodes.Take(4).Select(n => n.Html))}").ShouldBeEmpty();
        watched.ConsoleErrors.ShouldBeEmpty();
        watched.Outside.ShouldBeEmpty("nothing is fetched from outside the app");
    }

    [Fact]
    public async Task the_bearer_token_box_sends_the_token_with_the_query()
    {
        site.SkipWithoutBrowser();
        await using var watched = await site.Open();
        await watched.Go($"{site.Url}/graphql");
        await watched.Page.Locator(".graphiql-container").WaitForAsync(Patiently);

        await Run(watched.Page, "{ me { role } }");
        await Result(watched.Page).GetByText("\"me\": null").WaitForAsync(Patiently);

        var token = app.Token("analyst");
        await watched.Page.Locator("#mp-token").FillAsync("Bearer " + token);
        await watched.Page.Locator("#mp-token").PressAsync("Enter");
        (await watched.Page.Locator("#mp-token-status").InnerTextAsync()).ShouldBe("token set");
        await Run(watched.Page, "{ me { role } }");
        await Result(watched.Page).GetByText("\"role\": \"analyst\"").WaitForAsync(Patiently);

        // The token outlives a reload (localStorage), and Clear forgets it.
        await watched.Page.ReloadAsync();
        (await watched.Page.Locator("#mp-token").InputValueAsync()).ShouldBe(token);
        (await watched.Page.Locator("#mp-token-status").InnerTextAsync()).ShouldBe("token set");
        await watched.Page.Locator("#mp-token-clear").ClickAsync();
        (await watched.Page.Locator("#mp-token-status").InnerTextAsync()).ShouldBe("no token");
        watched.ConsoleErrors.ShouldBeEmpty();
    }

    /// <summary>Types the query into the editor as a person would (select all, type over it) and presses the run button.</summary>
    private static async Task Run(IPage page, string query)
    {
        var editor = page.Locator(".graphiql-query-editor .CodeMirror");
        await editor.WaitForAsync(Patiently);
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.InsertTextAsync(query);
        await page.Locator(".graphiql-execute-button").ClickAsync();
    }

    private static ILocator Result(IPage page) => page.Locator(".graphiql-response");

    [Fact]
    public async Task sign_in_gets_a_token_through_the_code_flow_and_queries_carry_it()
    {
        site.SkipWithoutBrowser();
        var email = $"graphiql-{Guid.NewGuid():N}@example.com";
        using (var browser = new Browser(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }, new Uri(site.Url)))
        {
            await browser.Submit(Marketplace.Api.Accounts.AccountPages.SignUpPath, Marketplace.Api.Accounts.AccountPages.SignUpPath,
                new Dictionary<string, string> { ["email"] = email, ["password"] = CodeFlow.Password });
            await browser.Get(MailCatcher.LinkTo(await app.Mail.Next(email, "Confirm your Marketplace account"), Marketplace.Api.Accounts.AccountPages.ConfirmPath));
        }
        await using var watched = await site.Open();
        await watched.Go($"{site.Url}/graphql");
        await watched.Page.Locator(".graphiql-container").WaitForAsync(Patiently);
        await watched.Page.Locator("#mp-sign-in").ClickAsync();

        await watched.Page.Locator("#email").FillAsync(email);
        await watched.Page.Locator("#password").FillAsync(CodeFlow.Password);
        await watched.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await watched.Page.Locator(".graphiql-container").WaitForAsync(Patiently);
        await watched.Page.GetByText("signed in").WaitForAsync(Patiently);
        watched.Page.Url.ShouldBe($"{site.Url}/graphql", "the code leaves the address bar");
        (await watched.Page.Locator("#mp-token").InputValueAsync()).Split('.').Length.ShouldBe(3, "a JWT from the provider");
        await Run(watched.Page, "{ me { role } }");
        await Result(watched.Page).GetByText("\"role\": \"candidate\"").WaitForAsync(Patiently);
        watched.ConsoleErrors.ShouldBeEmpty();
    }
}
