using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// In Chromium, as the demo recruiter of Northwind: the description's preview follows the typing without a reload; a
/// bad salary is said at its field; a revision that meets someone else's shows both; axe finds nothing serious or
/// critical on any of these pages at desktop and phone width.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class postings_workspace_in_chromium(SeededSite site, AppFixture app)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task the_preview_follows_the_typing_without_a_reload_and_every_posting_page_passes_axe_at_desktop_and_phone_width()
    {
        site.SkipWithoutBrowser();
        var northwind = (await site.GraphQL("{ postings(first: 100) { edges { node { company { id slug } } } } }")).Data("postings.edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("company")).First(c => c.GetProperty("slug").GetString() == "northwind").GetProperty("id").GetString()!;
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await using var watched = await site.Open(width, height);
            var page = watched.Page;
            await watched.SignIn(DemoAccounts.Recruiter("northwind"), "/company/postings");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Northwind Logistics: postings" }).WaitForAsync(Patiently);
            problems.AddRange(await watched.Audit($"postings-{width}px"));

            await page.GetByRole(AriaRole.Link, new() { Name = "Draft a posting" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Draft a posting" }).WaitForAsync(Patiently);
            problems.AddRange(await watched.Audit($"postings-new-{width}px"));
            await page.EvaluateAsync("window.stillHere = true");
            (await page.Locator("[data-preview-button]").IsHiddenAsync()).ShouldBeTrue("with JavaScript the preview follows the typing");
            await page.Locator("#description").FillAsync("## Why us\n\nWe split **the monolith** by team, one service at a time.");
            await page.Locator("#description-preview strong", new() { HasText = "the monolith" }).WaitForAsync(Patiently);
            (await page.Locator("#description-preview h3").TextContentAsync()).ShouldBe("Why us");
            (await page.EvaluateAsync<bool>("window.stillHere === true")).ShouldBeTrue("the preview came without a reload");

            await page.Locator("#title").FillAsync($"Platform Engineer, Routing ({width})");
            await page.Locator("#role").FillAsync("Platform Engineer");
            await page.Locator("input[name=skills][value=microservices]").CheckAsync();
            await page.Locator("#salaryMin").FillAsync("150000");
            await page.Locator("#salaryMax").FillAsync("100000");
            await page.Locator("#currency").FillAsync("EUR");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
            await page.Locator("#salary-error").WaitForAsync(Patiently);
            (await page.Locator("#salaryMin").GetAttributeAsync("aria-invalid")).ShouldBe("true");
            (await page.Locator("#description").InputValueAsync()).ShouldContain("the monolith", customMessage: "the form keeps what was typed");
            problems.AddRange(await watched.Audit($"postings-new-problem-{width}px"));

            await page.Locator("#salaryMax").FillAsync("160000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("#posting-"), new() { Timeout = 30_000 });
            var posting = page.Url[(page.Url.IndexOf("#posting-", StringComparison.Ordinal) + "#posting-".Length)..];

            await page.Locator($"#posting-{posting}").GetByRole(AriaRole.Link, new() { Name = $"Edit Platform Engineer, Routing ({width})" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = $"Edit: Platform Engineer, Routing ({width})" }).WaitForAsync(Patiently);
            problems.AddRange(await watched.Audit($"postings-edit-{width}px"));
            // Someone else saves while the recruiter types.
            (await site.GraphQL("mutation($i: RevisePostingInput!) { revisePosting(input: $i) { posting { version } } }",
                new { i = new { postingId = posting, title = $"Senior Platform Engineer, Routing ({width})" } }, app.Token(Roles.Company, company: Guid.Parse(northwind))))
                .Data("revisePosting.posting.version").GetInt32().ShouldBe(2);
            await page.Locator("#title").FillAsync($"Staff Platform Engineer, Routing ({width})");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Someone changed this posting meanwhile" }).WaitForAsync(Patiently);
            (await page.Locator("table.compare").TextContentAsync())!.ShouldContain($"Senior Platform Engineer, Routing ({width})");
            problems.AddRange(await watched.Audit($"postings-conflict-{width}px"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save mine on top of theirs" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = $"Staff Platform Engineer, Routing ({width})" }).WaitForAsync(Patiently);

            // The refused draft (400) and the conflict (409) answer with their status, which Chromium logs; nothing else may fail.
            watched.ConsoleErrors.ShouldBe(["Failed to load resource: the server responded with a status of 400 (Bad Request)",
                "Failed to load resource: the server responded with a status of 409 (Conflict)"]);
            watched.Outside.ShouldBeEmpty();
        }
        problems.ShouldBeEmpty();
    }
}
