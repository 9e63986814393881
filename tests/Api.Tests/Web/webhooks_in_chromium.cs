using System.Text.RegularExpressions;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// In Chromium, as the demo owner of Tailspin: adds an endpoint pointing at a real receiver, keeps the secret shown
/// once, sends a test event and watches it become DELIVERED in the log, replays it, rotates the secret and deletes the
/// endpoint after confirming. The receiver verifies every request with the secrets it was given; axe finds nothing
/// serious or critical on any of these pages.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class webhooks_in_chromium(SeededSite site)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task an_owner_adds_an_endpoint_keeps_its_secret_tests_replays_rotates_and_deletes_it()
    {
        site.SkipWithoutBrowser();
        await using var receiver = new WebhookReceiver();
        await using var watched = await site.Open();
        var page = watched.Page;
        var problems = new List<string>();
        await watched.SignIn(DemoAccounts.Owner("tailspin"), "/company/webhooks");
        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex(": webhooks$") }).WaitForAsync(Patiently);
        problems.AddRange(await watched.Audit("webhooks"));

        // The form from the keyboard: the URL, the description, then the first event type's box.
        await page.Locator("#url").FillAsync(receiver.Url);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Our ATS, from the walk");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space");
        (await page.GetByLabel("application.received").IsCheckedAsync()).ShouldBeTrue("the first event type, checked with the keyboard");
        await page.GetByLabel("posting.closed").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the endpoint" }).ClickAsync();
        var secret = await page.Locator("#signing-secret").TextContentAsync(new() { Timeout = 30_000 });
        secret.ShouldStartWith("whsec_");
        await page.GetByText("Store it now").WaitForAsync();
        receiver.Secrets.Add(secret!);
        problems.AddRange(await watched.Audit("webhooks-one-secret"));
        var endpoint = page.Url;
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = receiver.Url }).WaitForAsync(Patiently);
        (await page.Locator("#signing-secret").CountAsync()).ShouldBe(0, "the secret is shown once");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test event" }).ClickAsync();
        await page.GetByText("A test event was sent").WaitForAsync(Patiently);
        var delivered = await DeliveredInTheLog(page, 1);
        (await delivered.First.Locator("table.attempts").TextContentAsync())!.ShouldContain("200");
        problems.AddRange(await watched.Audit("webhooks-one-log"));

        var webhookId = await delivered.First.Locator("dd code").First.TextContentAsync();
        await delivered.First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Replay") }).ClickAsync();
        await page.GetByText("The delivery is being sent again").WaitForAsync(Patiently);
        (await receiver.Delivered(r => r.WebhookId == webhookId, count: 2)).Count.ShouldBe(2, "the replay carries the same webhook-id");

        await page.Locator("#overlapHours").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate the secret" }).ClickAsync();
        await page.GetByText("The signing secret was rotated.").WaitForAsync(Patiently);
        var rotated = await page.Locator("#signing-secret").TextContentAsync();
        rotated.ShouldStartWith("whsec_");
        rotated.ShouldNotBe(secret);
        // With no overlap only the new secret signs: the receiver now knows that one alone.
        receiver.Secrets.Clear();
        receiver.Secrets.Add(rotated!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test event" }).ClickAsync();
        await DeliveredInTheLog(page, 2);
        (await receiver.Delivered(r => r.Type == "webhook.test" && r.WebhookId != webhookId)).ShouldAllBe(r => r.Verified);
        receiver.Received.ShouldAllBe(r => r.Verified, "every request passed the reference verification with the secret it was signed with");

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete this endpoint" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Delete this endpoint?" }).WaitForAsync(Patiently);
        problems.AddRange(await watched.Audit("webhooks-one-delete"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the endpoint" }).ClickAsync();
        await page.GetByText("The endpoint was deleted.").WaitForAsync(Patiently);
        (await watched.Go(endpoint)).Status.ShouldBe(404);

        problems.ShouldBeEmpty();
        watched.ConsoleErrors.ShouldBe(["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
        watched.Outside.ShouldBeEmpty();
    }

    /// <summary>Reloads the endpoint's page until its log shows this many delivered deliveries, as someone waiting for them would.</summary>
    private static async Task<ILocator> DeliveredInTheLog(IPage page, int count)
    {
        var delivered = page.Locator("li.delivery[data-status=DELIVERED]");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await delivered.CountAsync() < count && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }
        (await delivered.CountAsync()).ShouldBeGreaterThanOrEqualTo(count, await page.Locator("#deliveries").Locator("..").TextContentAsync());
        return delivered;
    }
}
