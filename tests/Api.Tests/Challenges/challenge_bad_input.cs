using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Challenges;

/// <summary>Bad input to the mutations that change an existing challenge or profile: a named field, and nothing changed.</summary>
public class challenge_bad_input(AppFixture app)
{
    [Fact]
    public async Task a_revision_with_a_bad_rubric_changes_nothing()
    {
        var company = await app.RegisterCompany();
        var id = await app.PublishedChallenge(company.Token);
        var response = await app.ChallengeMutation("reviseChallenge", company.Token, new
        {
            challengeId = id,
            rubric = new[] { new { key = "only-one", description = "Weighs less than the whole", weight = 0.7 } },
        });
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("rubric.weight");
        var challenge = await app.Challenge(id);
        challenge.GetProperty("version").GetInt32().ShouldBe(2);
        challenge.GetProperty("rubric").GetProperty("criteria").GetArrayLength().ShouldBe(3);
    }

    [Theory]
    [InlineData("publishChallenge")]
    [InlineData("closeChallenge")]
    [InlineData("reviseChallenge")]
    public async Task a_malformed_challenge_id_is_a_validation_error(string mutation)
    {
        var company = await app.RegisterCompany();
        var response = await app.ChallengeMutation(mutation, company.Token, new { challengeId = "not-an-id" });
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("challengeId");
    }

    [Fact]
    public async Task a_profile_update_with_a_bad_email_changes_nothing()
    {
        var candidate = await app.RegisterCandidate();
        var response = await app.Host.GraphQL(
            "mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { candidate { email } } }",
            new { input = new { email = "nope" } }, candidate.Token);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("email");
        (await app.Host.GraphQL("{ me { candidate { email version } } }", token: candidate.Token)).Data("me.candidate.version").GetInt32().ShouldBe(1);
    }
}
