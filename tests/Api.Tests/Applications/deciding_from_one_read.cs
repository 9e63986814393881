using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Applications;

/// <summary>
/// Applying and submitting read everything they decide on in one batched round trip (docs/performance.md): the
/// candidate's registration, the posting or challenge, and the earlier applications or attempts, a few per trip.
/// </summary>
public class deciding_from_one_read(AppFixture app)
{
    private const string Erase = "mutation($input: EraseMyDataInput!) { eraseMyData(input: $input) { erased } }";

    private static void Refused(GraphQLResponse response, string code, string saying)
    {
        response.ShouldFailWith(code);
        response.Errors[0].GetProperty("message").GetString()!.ShouldContain(saying);
    }

    [Fact]
    public async Task applying_and_submitting_need_a_registered_profile_that_is_not_erased()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var challenge = await app.PublishedChallenge(company.Token);
        var unregistered = app.Token(Roles.Candidate, subject: Guid.NewGuid());

        Refused(await app.Apply(unregistered, posting), "RULE_VIOLATION", "registerCandidate");
        Refused(await app.Submit(unregistered, challenge, ChallengeScenarios.GoodWork), "RULE_VIOLATION", "registerCandidate");

        var erased = await app.RegisterCandidate();
        (await app.Host.GraphQL(Erase, new { input = new { confirm = true } }, erased.Token)).Data("eraseMyData.erased").GetBoolean().ShouldBeTrue();
        Refused(await app.Apply(erased.Token, posting), "RULE_VIOLATION", "registerCandidate");
        Refused(await app.Submit(erased.Token, challenge, ChallengeScenarios.GoodWork), "RULE_VIOLATION", "registerCandidate");

        (await app.Host.GraphQL($"{{ applications(postingId: \"{posting}\") {{ totalCount }} }}", token: company.Token))
            .Data("applications.totalCount").GetInt32().ShouldBe(0);
        (await app.Challenge(challenge)).GetProperty("submissionCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task earlier_applications_and_attempts_beyond_one_round_trip_are_all_counted()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();

        var ids = new List<Guid>();
        for (var n = 0; n < 5; n++)
        {
            var id = await app.Applied(candidate, posting);
            ids.ShouldNotContain(id);
            ids.Add(id);
            Refused(await app.Apply(candidate.Token, posting), "ALREADY_APPLIED", id.ToString());
            (await app.Move("withdrawApplication", candidate.Token, new { applicationId = id })).Data("withdrawApplication.application.status")
                .GetString().ShouldBe("WITHDRAWN");
        }

        var challenge = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(maxAttempts: 5));
        for (var attempt = 1; attempt <= 5; attempt++)
            (await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.attempt").GetInt32()
                .ShouldBe(attempt);
        Refused(await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork), "RULE_VIOLATION", "all 5 attempts");
    }
}
