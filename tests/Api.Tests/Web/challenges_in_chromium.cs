using Deque.AxeCore.Playwright;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// In Chromium, as a demo company's recruiter: the rubric editor keeps the weights' sum as you type and shows the error
/// at the weights while they do not add up to 1, adds and removes rows in place, and saves; the workspace's challenge
/// and talent pages pass axe without serious or critical violations at desktop and phone width.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class challenges_in_chromium(SeededSite site)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task the_weights_sum_follows_the_typing_rows_come_and_go_in_place_and_the_pages_pass_axe(int width, int height)
    {
        site.SkipWithoutBrowser();
        await using var watched = await site.Open(width, height);
        var page = watched.Page;
        var problems = new List<string>();
        async Task Audit(string where)
        {
            await watched.Screenshot($"company-{where}-{width}px");
            problems.AddRange((await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{where} at {width}px: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }

        await watched.SignIn(DemoAccounts.Recruiter("northwind"), "/company/challenges/new");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Draft a challenge" }).WaitForAsync(Patiently);
        await Audit("challenge-new");
        await page.EvaluateAsync("() => { window.__samePage = true; }");

        var sum = page.Locator("#weight-sum");
        var error = page.Locator("#weight-error");
        await page.Locator("#criteria-0-key").FillAsync("resilience");
        await page.Locator("#criteria-0-description").FillAsync("Timeouts, retries with backoff and idempotency between services");
        await page.Locator("#criteria-0-weight").PressSequentiallyAsync("0.6");
        (await sum.InnerTextAsync()).ShouldBe("The weights add up to 0.6.");
        (await error.InnerTextAsync()).ShouldBe("The weights must add up to 1; they add up to 0.6 now.");
        (await page.Locator("#criteria-0-weight").GetAttributeAsync("aria-invalid")).ShouldBe("true");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a criterion" }).ClickAsync();
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("criteria-1-key", "the new row takes the focus");
        await page.Locator("#criteria-1-key").FillAsync("observability");
        await page.Locator("#criteria-1-description").FillAsync("Tracing, metrics and structured logs");
        await page.Locator("#criteria-1-weight").PressSequentiallyAsync("0.45");
        (await sum.InnerTextAsync()).ShouldBe("The weights add up to 1.05.");
        await Audit("challenge-new-invalid");
        await page.Locator("#criteria-1-weight").FillAsync("0.4");
        (await sum.InnerTextAsync()).ShouldBe("The weights add up to 1.");
        (await error.IsHiddenAsync()).ShouldBeTrue();
        (await page.Locator("#criteria-1-weight").GetAttributeAsync("aria-invalid")).ShouldBeNull();

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove criterion 1" }).ClickAsync();
        (await sum.InnerTextAsync()).ShouldBe("The weights add up to 0.4.");
        (await page.Locator("#criteria-0-key").InputValueAsync()).ShouldBe("observability", "the rows are numbered again");
        (await page.Locator("[data-row]").CountAsync()).ShouldBe(1);
        (await page.EvaluateAsync<bool>("() => window.__samePage === true")).ShouldBeTrue("rows came and went without a round trip");

        await page.Locator("#criteria-0-weight").FillAsync("1");
        var title = $"Trace a parcel end to end ({width}px)";
        await page.Locator("#title").FillAsync(title);
        await page.Locator("#brief").FillAsync("Trace a parcel's scans from the depot to the doorstep across the services that handle them.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Northwind Logistics: challenges" }).WaitForAsync(Patiently);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Publish: {title}" }).WaitForAsync(Patiently);
        await Audit("challenges");

        await page.GetByRole(AriaRole.Link, new() { Name = "Submissions to Outbox Relay for Shipment Scan Events" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Submissions: Outbox Relay for Shipment Scan Events" }).WaitForAsync(Patiently);
        await Audit("challenge-submissions");

        await watched.Go($"{site.Url}/company/talent?skill=microservices");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Invitations sent" }).WaitForAsync(Patiently);
        await Audit("talent");

        problems.ShouldBeEmpty();
        watched.ConsoleErrors.ShouldBeEmpty();
        watched.Outside.ShouldBeEmpty();
    }
}
