using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Text.Json;

namespace Marketplace.Api.Tests.Challenges;

public class challenge_lifecycle(AppFixture app)
{
    [Fact]
    public async Task a_company_drafts_revises_the_rubric_publishes_and_closes_a_challenge()
    {
        var company = await app.RegisterCompany();
        var draft = (await app.DraftChallenge(company.Token, ChallengeScenarios.ChallengeInput())).Data("draftChallenge.challenge");
        draft.GetProperty("status").GetString().ShouldBe("DRAFT");
        draft.GetProperty("rubric").GetProperty("version").GetInt32().ShouldBe(1);
        draft.GetProperty("ownerCompany").GetProperty("id").GetString().ShouldBe(company.Id.ToString());
        var id = draft.GetProperty("id").GetString()!;

        (await app.Challenge(Guid.Parse(id))).ValueKind.ShouldBe(JsonValueKind.Null, "a draft is its owner's alone");

        var retitled = (await app.ChallengeMutation("reviseChallenge", company.Token, new { challengeId = id, title = "Design a resilient order pipeline" }))
            .Data("reviseChallenge.challenge");
        retitled.GetProperty("rubric").GetProperty("version").GetInt32().ShouldBe(1, "a new title leaves the rubric as it was");

        var rubric = new object[]
        {
            new { key = "service-boundaries", description = "Splits the domain into services with clear data ownership", weight = 0.5 },
            new { key = "resilience", description = "Handles failures between services with retries and idempotency", weight = 0.5 },
        };
        var revised = (await app.ChallengeMutation("reviseChallenge", company.Token, new { challengeId = id, rubric, expectedVersion = 2 }))
            .Data("reviseChallenge.challenge");
        revised.GetProperty("rubric").GetProperty("version").GetInt32().ShouldBe(2);
        revised.GetProperty("rubric").GetProperty("criteria").GetArrayLength().ShouldBe(2);

        (await app.ChallengeMutation("publishChallenge", company.Token, new { challengeId = id })).Data("publishChallenge.challenge.status").GetString().ShouldBe("PUBLISHED");
        (await app.Challenge(Guid.Parse(id))).GetProperty("status").GetString().ShouldBe("PUBLISHED");
        (await app.ChallengeMutation("closeChallenge", company.Token, new { challengeId = id })).Data("closeChallenge.challenge.status").GetString().ShouldBe("CLOSED");
        (await app.ChallengeMutation("reviseChallenge", company.Token, new { challengeId = id, title = "Too late now" })).ShouldFailWith("RULE_VIOLATION");
    }

    [Fact]
    public async Task administrators_run_platform_challenges_and_companies_cannot_touch_them()
    {
        var admin = app.Token(Roles.Admin);
        var id = await app.PublishedChallenge(admin, ChallengeScenarios.ChallengeInput(title: "Platform practice: sagas"));
        (await app.Challenge(id)).GetProperty("ownerCompany").ValueKind.ShouldBe(JsonValueKind.Null);

        var company = await app.RegisterCompany();
        (await app.ChallengeMutation("closeChallenge", company.Token, new { challengeId = id })).ShouldFailWith("FORBIDDEN");
        (await app.ChallengeMutation("closeChallenge", admin, new { challengeId = id })).Data("closeChallenge.challenge.status").GetString().ShouldBe("CLOSED");
    }

    [Fact]
    public async Task challenge_mutations_need_an_owner()
    {
        var owner = await app.RegisterCompany();
        var other = await app.RegisterCompany();
        var id = await app.PublishedChallenge(owner.Token);
        var candidate = await app.RegisterCandidate();

        (await app.DraftChallenge(null, ChallengeScenarios.ChallengeInput())).ShouldFailWith("UNAUTHENTICATED");
        (await app.DraftChallenge(candidate.Token, ChallengeScenarios.ChallengeInput())).ShouldFailWith("FORBIDDEN");
        (await app.DraftChallenge(app.Token(Roles.Analyst), ChallengeScenarios.ChallengeInput())).ShouldFailWith("FORBIDDEN");
        foreach (var mutation in new[] { "reviseChallenge", "publishChallenge", "closeChallenge" })
        {
            var input = mutation == "reviseChallenge" ? (object)new { challengeId = id, title = "Hijacked title" } : new { challengeId = id };
            (await app.ChallengeMutation(mutation, null, input)).ShouldFailWith("UNAUTHENTICATED");
            (await app.ChallengeMutation(mutation, candidate.Token, input)).ShouldFailWith("FORBIDDEN");
            (await app.ChallengeMutation(mutation, other.Token, input)).ShouldFailWith("FORBIDDEN");
        }
        (await app.ChallengeMutation("publishChallenge", owner.Token, new { challengeId = Guid.NewGuid() })).ShouldFailWith("NOT_FOUND");
        var challenge = await app.Challenge(id);
        challenge.GetProperty("status").GetString().ShouldBe("PUBLISHED");
        challenge.GetProperty("version").GetInt32().ShouldBe(2);
    }

    public static TheoryData<string, object[]> BadRubrics => new()
    {
        { "rubric.weight", [new { key = "a-criterion", description = "Something to score here", weight = 0.5 }] },
        { "rubric.weight", [new { key = "a-criterion", description = "Something to score here", weight = -1.0 }, new { key = "b-criterion", description = "Something else to score", weight = 2.0 }] },
        { "rubric.key", [new { key = "same", description = "Something to score here", weight = 0.5 }, new { key = "same", description = "Something else to score", weight = 0.5 }] },
        { "rubric.key", [new { key = "Not A Key", description = "Something to score here", weight = 1.0 }] },
        { "rubric", [] },
    };

    [Theory]
    [MemberData(nameof(BadRubrics))]
    public async Task a_bad_rubric_names_the_field_and_creates_nothing(string field, object[] rubric)
    {
        var company = await app.RegisterCompany();
        var response = await app.DraftChallenge(company.Token, ChallengeScenarios.ChallengeInput(rubric: rubric));
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
        (await app.Host.GraphQL($"{{ challenges(filter: {{companyId: \"{company.Id}\"}}) {{ totalCount }} }}", token: company.Token))
            .Data("challenges.totalCount").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("skill", "no-such-skill", 3)]
    [InlineData("maxAttempts", "microservices", 0)]
    public async Task other_bad_fields_are_named(string field, string skill, int maxAttempts)
    {
        var company = await app.RegisterCompany();
        var response = await app.DraftChallenge(company.Token, ChallengeScenarios.ChallengeInput(skill: skill, maxAttempts: maxAttempts));
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task the_skill_hub_lists_published_challenges_with_counts()
    {
        var company = await app.RegisterCompany();
        var id = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(title: "Hub challenge for event sourcing", skill: "event-sourcing"));
        await app.DraftChallenge(company.Token, ChallengeScenarios.ChallengeInput(title: "Hidden draft", skill: "event-sourcing"));

        var hub = (await app.Host.GraphQL("{ skill(slug: \"event-sourcing\") { openChallengeCount openChallenges(first: 100) { totalCount edges { node { id title } } } } }"))
            .Data("skill");
        var titles = hub.GetProperty("openChallenges").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("title").GetString()).ToList();
        titles.ShouldContain("Hub challenge for event sourcing");
        titles.ShouldNotContain("Hidden draft");
        hub.GetProperty("openChallenges").GetProperty("edges").EnumerateArray()
            .ShouldContain(e => e.GetProperty("node").GetProperty("id").GetString() == id.ToString());
        hub.GetProperty("openChallengeCount").GetInt32().ShouldBe(hub.GetProperty("openChallenges").GetProperty("totalCount").GetInt32());
        (await app.Host.GraphQL($"{{ challenges(filter: {{companyId: \"{company.Id}\", status: DRAFT}}) {{ totalCount }} }}", token: company.Token))
            .Data("challenges.totalCount").GetInt32().ShouldBe(1);
    }
}
