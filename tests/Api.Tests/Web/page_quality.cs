using Deque.AxeCore.Playwright;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

[Collection(nameof(SeededSiteCollection))]
public class page_quality(SeededSite site, AppFixture app)
{
    [Fact]
    public async Task every_page_passes_axe_without_serious_or_critical_violations_at_desktop_and_phone_width()
    {
        site.SkipWithoutBrowser();
        var ids = (await site.GraphQL("""{ postings(first: 1) { edges { node { id } } } challenges(first: 1) { edges { node { id } } } }""")).Data();
        var posting = ids.GetProperty("postings").GetProperty("edges")[0].GetProperty("node").GetProperty("id").GetString();
        var challenge = ids.GetProperty("challenges").GetProperty("edges")[0].GetProperty("node").GetProperty("id").GetString();
        string[] paths = ["/skills", "/skills/microservices", "/skills/rust", "/postings", $"/postings/{posting}", "/challenges",
            $"/challenges/{challenge}", "/analytics"];
        var northwind = Marketplace.Api.Seed.DemoData.Companies().Single(c => c.Slug == "northwind").Id;
        var northwindPosting = (await site.GraphQL("query($c: ID!) { postings(first: 1, filter: {companyId: $c}) { edges { node { id } } } }", new { c = northwind }))
            .Data("postings.edges")[0].GetProperty("node").GetProperty("id").GetString();
        await using var receiver = new WebhookReceiver();
        var endpoint = await NorthwindEndpointWithALog(receiver);

        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await using var watched = await site.Open(width, height);
            foreach (var path in paths) problems.AddRange(await Audit(watched, path));
            // The account pages, then signed in as a demo company's owner: the dashboard with a breakdown, the team, the webhooks.
            problems.AddRange(await Audit(watched, "/account/sign-up"));
            problems.AddRange(await Audit(watched, "/account/sign-in?returnUrl=%2Fanalytics"));
            await watched.Page.Locator("#email").FillAsync(Marketplace.Api.Seed.DemoAccounts.Owner("northwind"));
            await watched.Page.Locator("#password").FillAsync(Marketplace.Api.Seed.DemoAccounts.Password);
            await watched.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await watched.Page.Locator("#funnel-chart").WaitForAsync();
            problems.AddRange(await Audit(watched, "/analytics?groupBy=POSTING"));
            problems.AddRange(await Audit(watched, "/company/team"));
            problems.AddRange(await Audit(watched, "/company/webhooks"));
            problems.AddRange(await Audit(watched, $"/company/webhooks/{endpoint}"));
            problems.AddRange(await Audit(watched, $"/company/webhooks/{endpoint}/delete"));
            problems.AddRange(await Audit(watched, $"/company/talent?posting={northwindPosting}"));
            problems.AddRange(await Audit(watched, "/account"));

            // A candidate of the demo, signed in: practising, applying and following applications.
            var (candidateId, candidateEmail) = Marketplace.Api.Seed.DemoData.FirstCandidate();
            var work = (await site.GraphQL("{ me { submissions(first: 1) { id } } }", token: app.Token("candidate", candidateId)))
                .Data("me.submissions")[0].GetProperty("id").GetString();
            await using var candidate = await site.Open(width, height);
            await candidate.Go($"{site.Url}/account/sign-in?returnUrl=%2Fapplications");
            await candidate.Page.Locator("#email").FillAsync(candidateEmail);
            await candidate.Page.Locator("#password").FillAsync(Marketplace.Api.Seed.DemoAccounts.Password);
            await candidate.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await candidate.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "My applications" }).WaitForAsync();
            problems.AddRange(await Audit(candidate, "/applications"));
            problems.AddRange(await Audit(candidate, $"/challenges/{challenge}/submit"));
            problems.AddRange(await Audit(candidate, $"/postings/{posting}/apply"));
            problems.AddRange(await Audit(candidate, $"/submissions/{work}"));
            problems.AddRange(await Audit(candidate, "/account/profile"));
            candidate.ConsoleErrors.ShouldBeEmpty();
            watched.ConsoleErrors.ShouldBeEmpty();
            watched.Outside.ShouldBeEmpty("nothing is fetched from outside the app");
        }
        (await site.GraphQL("mutation($i: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $i) { deleted } }", new { i = new { endpointId = endpoint } },
            Northwind())).Data("deleteWebhookEndpoint.deleted").GetBoolean().ShouldBeTrue();
        problems.ShouldBeEmpty();
    }

    private string Northwind() => app.Token(Marketplace.Api.Infrastructure.Identity.Roles.Company,
        company: Marketplace.Api.Seed.DemoData.Companies().Single(c => c.Slug == "northwind").Id);

    /// <summary>An endpoint of Northwind whose log holds a test event that failed once, then was delivered.</summary>
    private async Task<string> NorthwindEndpointWithALog(WebhookReceiver receiver)
    {
        var created = (await site.GraphQL("mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { signingSecret endpoint { id } } }",
            new { i = new { url = receiver.Url, description = "The axe audit's receiver", eventTypes = new[] { "offer.declined" } } }, Northwind()))
            .Data("createWebhookEndpoint");
        receiver.Secrets.Add(created.GetProperty("signingSecret").GetString()!);
        var endpoint = created.GetProperty("endpoint").GetProperty("id").GetString()!;
        receiver.Answers.Enqueue("500");
        (await site.GraphQL("mutation($i: WebhookEndpointIdInput!) { sendTestWebhook(input: $i) { delivery { id } } }", new { i = new { endpointId = endpoint } },
            Northwind())).Data("sendTestWebhook.delivery.id");
        await receiver.Delivered(r => r.Type == "webhook.test");
        return endpoint;
    }

    [Fact]
    public async Task the_first_tab_reaches_a_skip_link_that_lands_on_the_content()
    {
        site.SkipWithoutBrowser();
        await using var watched = await site.Open();
        await watched.Go($"{site.Url}/skills/microservices");
        await watched.Page.Keyboard.PressAsync("Tab");
        (await watched.Page.EvaluateAsync<string>("document.activeElement.textContent")).ShouldBe("Skip to content");
        (await watched.Page.Locator(".skip").BoundingBoxAsync())!.X.ShouldBeGreaterThanOrEqualTo(0, "visible when focused");
        await watched.Page.Keyboard.PressAsync("Enter");
        watched.Page.Url.ShouldEndWith("#main");
        // The FAQ opens from the keyboard, no script involved.
        var question = watched.Page.Locator("details summary").First;
        await question.FocusAsync();
        await watched.Page.Keyboard.PressAsync("Enter");
        (await watched.Page.Locator("details").First.GetAttributeAsync("open")).ShouldNotBeNull();
    }

    private async Task<IEnumerable<string>> Audit(WatchedPage watched, string path)
    {
        var response = await watched.Go(site.Url + path);
        response.Status.ShouldBe(200, path);
        var width = watched.Page.ViewportSize?.Width;
        // skills, skills-rust, postings-one, postings-one-apply, company-webhooks-one-delete, analytics-breakdown, ...
        var segments = path.Split('?')[0].Trim('/').Split('/');
        var name = string.Join("-", segments.Select(s => Guid.TryParse(s, out _) ? "one" : s)) + (path.Contains('?') ? "-breakdown" : "");
        await watched.Screenshot($"{name}-{width}px");
        var result = await watched.Page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path} at {width}px: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}
