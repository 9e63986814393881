using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

[Collection(nameof(SeededSiteCollection))]
public class skill_hubs(SeededSite site)
{
    [Fact]
    public async Task the_microservices_hub_shows_the_seed_page_with_its_open_challenges_and_positions()
    {
        site.SkipWithoutBrowser();
        var hub = (await site.GraphQL("""
            { skill(slug: "microservices") { name careerPaths faq { question }
              openChallenges(first: 100) { edges { node { id title } } } openPostings(first: 100) { edges { node { id title } } } } }
            """)).Data("skill");
        var challenges = Titles(hub, "openChallenges");
        var postings = Titles(hub, "openPostings");
        challenges.Count.ShouldBeGreaterThanOrEqualTo(3, "the demo has Microservices challenges");
        postings.Count.ShouldBeGreaterThanOrEqualTo(5, "and Microservices positions");

        await using var watched = await site.Open();
        var page = watched.Page;
        (await watched.Go($"{site.Url}/skills/microservices")).Status.ShouldBe(200);
        (await page.TitleAsync()).ShouldStartWith("Microservices");
        (await page.Locator("meta[name=description]").GetAttributeAsync("content")).ShouldNotBeNullOrWhiteSpace();
        var headings = await page.Locator("main h2").AllInnerTextsAsync();
        headings.ShouldBe(["What is Microservices?", "Why Microservices matters for your career", "Career paths using Microservices",
            "Microservices challenges", "Microservices positions", "Practise Microservices with real-world challenges", "Frequently asked questions"]);
        (await page.Locator(".paths li").AllInnerTextsAsync()).ShouldBe(hub.GetProperty("careerPaths").EnumerateArray().Select(p => p.GetString()!).ToList());
        (await page.Locator("#open-challenges li h3 a").AllInnerTextsAsync()).ShouldBe(challenges.Select(c => c.Title).ToList());
        (await page.Locator("#open-positions li h3 a").AllInnerTextsAsync()).ShouldBe(postings.Select(p => p.Title).ToList());
        (await page.Locator("details summary").AllInnerTextsAsync()).ShouldBe(hub.GetProperty("faq").EnumerateArray().Select(f => f.GetProperty("question").GetString()!).ToList());
        await watched.Screenshot("skill-hub-microservices");

        // Each item links to its own page: the challenge shows its rubric and leaderboard, the posting its JobPosting data.
        await page.Locator("#open-challenges li h3 a").First.ClickAsync();
        await page.WaitForURLAsync($"{site.Url}/challenges/{challenges[0].Id}");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe(challenges[0].Title);
        (await page.Locator("#criteria tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("h2#leaderboard").CountAsync()).ShouldBe(1);
        await watched.Screenshot("challenge");

        await watched.Go($"{site.Url}/postings/{postings[0].Id}");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe(postings[0].Title);
        var jsonLd = JsonDocument.Parse(await page.Locator("script[type='application/ld+json']").TextContentAsync() ?? "").RootElement;
        jsonLd.GetProperty("@type").GetString().ShouldBe("JobPosting");
        jsonLd.GetProperty("title").GetString().ShouldBe(postings[0].Title);
        jsonLd.GetProperty("hiringOrganization").GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace();
        await watched.Screenshot("posting");
        watched.ConsoleErrors.ShouldBeEmpty();
        watched.Outside.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_skill_without_challenges_says_so_and_an_unknown_skill_is_a_real_404()
    {
        site.SkipWithoutBrowser();
        var skills = (await site.GraphQL("{ skills { slug name openChallengeCount } }")).Data("skills").EnumerateArray().ToList();
        var without = skills.First(s => s.GetProperty("openChallengeCount").GetInt32() == 0);
        var name = without.GetProperty("name").GetString()!;

        await using var watched = await site.Open(390, 844);
        var page = watched.Page;
        (await watched.Go($"{site.Url}/skills/{without.GetProperty("slug").GetString()}")).Status.ShouldBe(200);
        var empty = page.Locator("#open-challenges .empty");
        (await empty.InnerTextAsync()).ShouldContain($"No {name} challenges yet");
        (await empty.Locator("a").GetAttributeAsync("href")).ShouldBe("/challenges");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("nothing overflows a phone's width");
        await watched.Screenshot("skill-hub-without-challenges-phone");
        watched.ConsoleErrors.ShouldBeEmpty();

        var missing = await watched.Go($"{site.Url}/skills/no-such-skill");
        missing.Status.ShouldBe(404);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Skill not found");
        (await watched.Go($"{site.Url}/postings/not-an-id")).Status.ShouldBe(404);
        (await watched.Go($"{site.Url}/challenges/{Guid.NewGuid()}")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task the_skill_list_counts_what_each_hub_shows()
    {
        site.SkipWithoutBrowser();
        var skills = (await site.GraphQL("{ skills { slug openPostingCount openChallengeCount } }")).Data("skills").EnumerateArray().ToList();
        await using var watched = await site.Open();
        await watched.Go($"{site.Url}/skills");
        var cards = watched.Page.Locator("ul.skills > li");
        (await cards.CountAsync()).ShouldBe(skills.Count);
        for (var i = 0; i < skills.Count; i++)
        {
            var counts = await cards.Nth(i).Locator(".meta").InnerTextAsync();
            counts.ShouldStartWith($"{skills[i].GetProperty("openChallengeCount").GetInt32()} open challenge");
            counts.ShouldContain($"{skills[i].GetProperty("openPostingCount").GetInt32()} open position");
        }
        await watched.Screenshot("skills");
    }

    private static List<(string Id, string Title)> Titles(JsonElement skill, string list) =>
        skill.GetProperty(list).GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("node").GetProperty("id").GetString()!, e.GetProperty("node").GetProperty("title").GetString()!)).ToList();
}
