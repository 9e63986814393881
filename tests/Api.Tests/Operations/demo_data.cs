using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Skills;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Postings;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Operations;

public class demo_data(AppFixture app)
{
    [Fact]
    public async Task seeding_twice_loads_the_demo_once_and_the_hub_shows_it()
    {
        var progress = new List<string>();
        using (var scope = app.Host.Services.CreateScope())
        {
            var demo = ActivatorUtilities.CreateInstance<DemoData>(scope.ServiceProvider);
            await demo.LoadSkills(progress.Add);
            await demo.LoadDemo(progress.Add);
            await demo.LoadDemo(progress.Add);
            await new DemoHistory(app.Store).Load(progress.Add, DateTimeOffset.UtcNow);
            await new DemoHistory(app.Store).Load(progress.Add, DateTimeOffset.UtcNow);
        }
        progress.ShouldContain("hiring history: already there");

        progress.ShouldContain(line => line.StartsWith("postings: 0 added"), "the second run finds everything in place");
        await using var session = app.Store.QuerySession();
        var skills = await session.Query<Skill>().OrderBy(s => s.Position).ToListAsync();
        skills.Count.ShouldBeGreaterThanOrEqualTo(10);
        skills[0].Id.ShouldBe("microservices");
        skills.ShouldAllBe(s => s.CareerPaths.Count > 0 && s.Faq.Count > 0 && s.WhatItIs.Length > 0 && s.WhyItMatters.Length > 0);
        (await session.Query<CompanyView>().CountAsync(c => c.Slug == "northwind")).ShouldBe(1);

        await using (var history = app.Store.QuerySession())
        {
            var applications = await history.Query<Marketplace.Projections.Applications.ApplicationView>()
                .Where(a => a.CoverNote == "I would love to join the team.").ToListAsync();
            applications.Count.ShouldBeGreaterThan(200, "hundreds of applications");
            applications.Select(a => a.Status).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4, "spread across outcomes");
            applications.Select(a => a.Stage).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4, "spread across stages");
            applications.Select(a => a.Source).Distinct().Count().ShouldBe(2);
            (applications.Max(a => a.SubmittedAt) - applications.Min(a => a.SubmittedAt)).TotalDays.ShouldBeGreaterThan(120, "over six months");
        }

        var hub = (await app.Host.GraphQL("{ skill(slug: \"microservices\") { name openPostings { totalCount edges { node { company { slug } } } } openChallenges { totalCount } } }"))
            .Data("skill");
        hub.GetProperty("openPostings").GetProperty("totalCount").GetInt32().ShouldBeGreaterThanOrEqualTo(5);
        hub.GetProperty("openChallenges").GetProperty("totalCount").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        var monolith = await Eventually.Until(
            async () => (await app.Host.GraphQL("{ challenges(filter: {skill: \"microservices\"}, first: 100) { edges { node { id title submissionCount leaderboard { totalCount edges { node { rank bestScore } } } } } } }"))
                .Data("challenges.edges").EnumerateArray().Select(e => e.GetProperty("node"))
                .Single(c => c.GetProperty("title").GetString() == "Carve Services Out of a Retail Order Monolith"),
            c => c.GetProperty("leaderboard").GetProperty("totalCount").GetInt32() == 4);
        monolith.GetProperty("leaderboard").GetProperty("totalCount").GetInt32().ShouldBe(4, "the demo ranks four candidates on it");
        var monolithId = Guid.Parse(monolith.GetProperty("id").GetString()!);
        await using (var submissions = app.Store.QuerySession())
            (await Eventually.Until(() => submissions.Query<Marketplace.Projections.Submissions.SubmissionView>()
                    .CountAsync(v => v.ChallengeId == monolithId && v.Flagged), flagged => flagged == 1))
                .ShouldBe(1, "the demo's one near-copy is flagged, and nothing else");
        var empty = (await app.Host.GraphQL("{ skill(slug: \"rust\") { openPostings { totalCount edges { cursor } } } }")).Data("skill.openPostings");
        empty.GetProperty("edges").GetArrayLength().ShouldBe(0);
        (await app.Host.GraphQL("{ skill(slug: \"no-such-skill\") { name } }")).Data("skill").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
