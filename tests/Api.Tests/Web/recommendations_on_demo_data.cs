using System.Text.Json;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// Issue 28's journey on the demo data, in Chromium: Amara Okafor, the demo candidate who did well on the event-sourced
/// library loans and on carving services out of a monolith (event-driven work, in the demo's default semantic
/// reviewer's eyes), sees Microservices positions ranked first on her profile, each with the passages of her work that
/// match; the company of the first one sees her recommended for it on its talent page, by handle, never by name.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class recommendations_on_demo_data(SeededSite site, AppFixture app, ITestOutputHelper output)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    private const string Positions = "{ me { candidate { handle } recommendedPositions(first: 3) { score posting { id title skills company { id slug } } " +
        "reasons { passage postingPassage challengeTitle criteria { key score } } } } }";

    [Fact]
    public async Task a_candidate_who_did_well_on_event_driven_work_sees_microservices_positions_first_and_the_company_sees_her_by_handle()
    {
        site.SkipWithoutBrowser();
        var (amara, email) = DemoData.FirstCandidate();
        var token = app.Token(Roles.Candidate, amara);
        // The daemon encodes the demo's submissions and postings after the seed: wait until her reviewed work is in.
        var me = await Eventually.Until(async () => (await site.GraphQL(Positions, token: token)).Data("me"),
            m => m.GetProperty("recommendedPositions").EnumerateArray().Any(r => r.GetProperty("reasons").GetArrayLength() > 0),
            TimeSpan.FromSeconds(90));
        output.WriteLine(JsonSerializer.Serialize(me, new JsonSerializerOptions { WriteIndented = true }));
        var positions = me.GetProperty("recommendedPositions").EnumerateArray().ToList();
        positions.Count.ShouldBe(3);
        positions.ShouldAllBe(p => p.GetProperty("posting").GetProperty("skills").EnumerateArray().Any(s => s.GetString() == "microservices"),
            "the three positions nearest her work all ask for Microservices");
        var first = positions[0];
        var reasons = first.GetProperty("reasons").EnumerateArray().ToList();
        reasons.ShouldNotBeEmpty();
        reasons.ShouldContain(r => r.GetProperty("criteria").GetArrayLength() > 0, "a reason names the criteria her work did well on");

        // Her profile page shows them, with the reasons.
        await using var candidate = await site.Open();
        await candidate.SignIn(email, "/account/profile");
        await candidate.Page.GetByRole(AriaRole.Heading, new() { Name = "Recommended positions" }).WaitForAsync(Patiently);
        var posting = first.GetProperty("posting");
        var card = candidate.Page.Locator("ol.recommended > li").First;
        (await card.Locator("h3").InnerTextAsync()).ShouldBe(posting.GetProperty("title").GetString());
        (await card.Locator("ul.reasons blockquote").CountAsync()).ShouldBe(Math.Min(reasons.Count, 2), "a page shows the closest two");
        (await card.InnerTextAsync()).ShouldContain(reasons[0].GetProperty("challengeTitle").GetString()!);
        (await candidate.Audit("recommended-positions")).ShouldBeEmpty();

        // The company of that position: Amara among the candidates recommended for it, by handle only.
        var handle = me.GetProperty("candidate").GetProperty("handle").GetString()!;
        var company = posting.GetProperty("company");
        var recommended = (await site.GraphQL("query($p: ID!) { recommendedCandidates(postingId: $p) { candidateId handle reasons { passage } } }",
            new { p = posting.GetProperty("id").GetString() }, app.Token(Roles.Company, company: Guid.Parse(company.GetProperty("id").GetString()!))));
        recommended.Body.ShouldNotContain("Amara");
        var her = recommended.Data("recommendedCandidates").EnumerateArray().Single(c => c.GetProperty("candidateId").GetString() == amara.ToString());
        her.GetProperty("handle").GetString().ShouldBe(handle);
        her.GetProperty("reasons").GetArrayLength().ShouldBeGreaterThan(0);

        await using var owner = await site.Open();
        await owner.SignIn(DemoAccounts.Owner(company.GetProperty("slug").GetString()!), $"/company/talent?posting={posting.GetProperty("id").GetString()}");
        await owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Recommended for a position" }).WaitForAsync(Patiently);
        var entry = owner.Page.Locator($"#recommended-{amara}");
        (await entry.Locator("h3").InnerTextAsync()).ShouldBe(handle);
        (await entry.Locator("ul.reasons blockquote").CountAsync()).ShouldBeGreaterThan(0);
        (await entry.GetByRole(AriaRole.Button, new() { Name = $"Invite {handle} to {posting.GetProperty("title").GetString()}" }).CountAsync()).ShouldBe(1);
        (await owner.Page.ContentAsync()).ShouldNotContain("Amara", customMessage: "blind review: no name before an interview");
        (await owner.Audit("recommended-candidates")).ShouldBeEmpty();
        candidate.ConsoleErrors.ShouldBeEmpty();
        owner.ConsoleErrors.ShouldBeEmpty();
    }
}
