using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Applications;

public class application_access(AppFixture app)
{
    [Fact]
    public async Task nobody_but_the_candidate_and_the_postings_company_sees_an_application()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();
        var id = await app.Applied(candidate, posting);

        (await app.Application(id, candidate.Token)).ShouldNotBeNull();
        (await app.Application(id, company.Token)).ShouldNotBeNull();
        (await app.Application(id, (await app.RegisterCandidate()).Token)).ShouldBeNull();
        (await app.Application(id, (await app.RegisterCompany()).Token)).ShouldBeNull();
        (await app.Application(id, app.Token(Roles.Analyst))).ShouldBeNull();
        (await app.Application(id, null)).ShouldBeNull();

        var other = await app.RegisterCompany();
        (await app.Host.GraphQL($"{{ applications(postingId: \"{posting}\") {{ totalCount }} }}", token: other.Token)).ShouldFailWith("NOT_FOUND");
        (await app.Host.GraphQL($"{{ applications(postingId: \"{posting}\") {{ totalCount }} }}", token: candidate.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL("{ me { applications { totalCount edges { node { id } } } } }", token: candidate.Token))
            .Data("me.applications.totalCount").GetInt32().ShouldBe(1);
        (await app.Host.GraphQL("{ me { applications { totalCount } } }", token: company.Token)).Data("me.applications.totalCount").GetInt32().ShouldBe(1);
        (await app.Host.GraphQL("{ me { applications { totalCount } } }", token: other.Token)).Data("me.applications.totalCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task mutations_refuse_the_wrong_people_and_change_nothing()
    {
        var company = await app.RegisterCompany();
        var other = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();
        var stranger = await app.RegisterCandidate();
        var id = await app.Applied(candidate, posting);

        (await app.Apply(null, posting)).ShouldFailWith("UNAUTHENTICATED");
        (await app.Apply(company.Token, posting)).ShouldFailWith("FORBIDDEN");
        foreach (var (mutation, input) in new (string, object)[]
                 {
                     ("advanceApplication", new { applicationId = id, toStage = "SCREENING" }),
                     ("rejectApplication", new { applicationId = id, reason = "OTHER" }),
                     ("extendOffer", new { applicationId = id }),
                 })
        {
            (await app.Move(mutation, null, input)).ShouldFailWith("UNAUTHENTICATED");
            (await app.Move(mutation, other.Token, input)).ShouldFailWith("NOT_FOUND");
            (await app.Move(mutation, candidate.Token, input)).ShouldFailWith("FORBIDDEN");
        }
        foreach (var mutation in new[] { "withdrawApplication", "acceptOffer", "declineOffer" })
        {
            (await app.Move(mutation, null, new { applicationId = id })).ShouldFailWith("UNAUTHENTICATED");
            (await app.Move(mutation, stranger.Token, new { applicationId = id })).ShouldFailWith("NOT_FOUND");
            (await app.Move(mutation, company.Token, new { applicationId = id })).ShouldFailWith("FORBIDDEN");
        }
        var application = (await app.Application(id, company.Token))!.Value;
        application.GetProperty("version").GetInt32().ShouldBe(1);
        application.GetProperty("status").GetString().ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task blind_review_hides_who_the_candidate_is_until_interview()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(blindReview: true));
        var candidate = await app.RegisterCandidate("Blind Candidate");
        var id = await app.Applied(candidate, posting);

        var card = (await app.Application(id, company.Token))!.Value.GetProperty("candidate");
        card.GetProperty("handle").GetString().ShouldBe(candidate.Handle);
        card.GetProperty("displayName").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        card.GetProperty("email").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await app.Application(id, candidate.Token))!.Value.GetProperty("candidate").GetProperty("displayName").GetString().ShouldBe("Blind Candidate");

        await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "SCREENING" });
        (await app.Application(id, company.Token))!.Value.GetProperty("candidate").GetProperty("displayName").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "INTERVIEW" });
        (await app.Application(id, company.Token))!.Value.GetProperty("candidate").GetProperty("displayName").GetString().ShouldBe("Blind Candidate");
    }

    [Theory]
    [InlineData("coverNote")]
    [InlineData("evidence")]
    [InlineData("postingId")]
    public async Task bad_applications_name_the_field_and_create_nothing(string field)
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();
        var someoneElses = Guid.Parse((await app.Submit((await app.RegisterCandidate()).Token, await app.PublishedChallenge(company.Token), "Their work.")).Data("submitToChallenge.submission.id").GetString()!);

        var response = field switch
        {
            "coverNote" => await app.Apply(candidate.Token, posting, new string('c', 5001)),
            "evidence" => await app.Apply(candidate.Token, posting, evidence: [someoneElses]),
            _ => await app.Host.GraphQL("mutation { applyToPosting(input: {postingId: \"nope\"}) { application { id } } }", token: candidate.Token),
        };
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
        (await app.Host.GraphQL($"{{ applications(postingId: \"{posting}\") {{ totalCount }} }}", token: company.Token))
            .Data("applications.totalCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task bad_pipeline_moves_name_the_field()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var id = await app.Applied(await app.RegisterCandidate(), posting);
        var note = await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "SCREENING", note = new string('n', 2001) });
        note.ShouldFailWith("VALIDATION_FAILED");
        note.ErrorExtensions.GetProperty("field").GetString().ShouldBe("note");
        (await app.Move("rejectApplication", company.Token, new { applicationId = id, reason = "BORED" })).ShouldFailWith("VALIDATION_FAILED");
        (await app.Move("extendOffer", company.Token, new { applicationId = "nope" })).ShouldFailWith("VALIDATION_FAILED");
        (await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "SCREENING", expectedVersion = 9 })).ShouldFailWith("CONFLICT");
        (await app.Application(id, company.Token))!.Value.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("withdrawApplication")]
    [InlineData("acceptOffer")]
    [InlineData("declineOffer")]
    public async Task the_candidates_moves_name_a_bad_field_and_change_nothing(string mutation)
    {
        var company = await app.RegisterCompany();
        var candidate = await app.RegisterCandidate();
        var id = await app.Applied(candidate, await app.PublishedPosting(company, ApplicationScenarios.Opening()));
        (await app.Move("extendOffer", company.Token, new { applicationId = id })).Data();

        var malformed = await app.Move(mutation, candidate.Token, new { applicationId = "nope" });
        malformed.ShouldFailWith("VALIDATION_FAILED");
        malformed.ErrorExtensions.GetProperty("field").GetString().ShouldBe("applicationId");
        if (mutation != "acceptOffer")
        {
            var note = await app.Move(mutation, candidate.Token, new { applicationId = id, note = new string('n', 2001) });
            note.ShouldFailWith("VALIDATION_FAILED");
            note.ErrorExtensions.GetProperty("field").GetString().ShouldBe("note");
        }
        (await app.Move(mutation, candidate.Token, new { applicationId = id, expectedVersion = 9 })).ShouldFailWith("CONFLICT");
        var application = (await app.Application(id, company.Token))!.Value;
        application.GetProperty("version").GetInt32().ShouldBe(2);
        application.GetProperty("status").GetString().ShouldBe("ACTIVE");
    }
}
