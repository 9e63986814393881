using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Candidates;

public class candidate_profiles(AppFixture app)
{
    private const string Register = "mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id version handle displayName email headline skills discoverable } } }";
    private const string Update = "mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { candidate { version displayName headline skills discoverable } } }";

    [Fact]
    public async Task a_candidate_registers_with_a_handle_that_reveals_nothing_and_updates_the_profile()
    {
        var id = Guid.NewGuid();
        var token = app.Token(Roles.Candidate, subject: id);
        var candidate = (await app.Host.GraphQL(Register,
            new { input = new { displayName = "Grace Hopper", email = "grace@example.com", skills = new[] { "microservices" } } }, token))
            .Data("registerCandidate.candidate");
        candidate.GetProperty("id").GetString().ShouldBe(id.ToString());
        candidate.GetProperty("discoverable").GetBoolean().ShouldBeFalse();
        var handle = candidate.GetProperty("handle").GetString()!;
        handle.ShouldMatch("^[a-z]+-[a-z]+-[0-9]{4}$");
        handle.ShouldNotContain("grace", Case.Insensitive);

        var updated = (await app.Host.GraphQL(Update, new { input = new { headline = "Compiler whisperer", discoverable = true, expectedVersion = 1 } }, token))
            .Data("updateCandidateProfile.candidate");
        updated.GetProperty("version").GetInt32().ShouldBe(2);
        updated.GetProperty("displayName").GetString().ShouldBe("Grace Hopper");
        updated.GetProperty("discoverable").GetBoolean().ShouldBeTrue();

        var me = (await app.Host.GraphQL("{ me { role candidate { handle headline } } }", token: token)).Data("me");
        me.GetProperty("role").GetString().ShouldBe("candidate");
        me.GetProperty("candidate").GetProperty("headline").GetString().ShouldBe("Compiler whisperer");
    }

    [Fact]
    public async Task registering_twice_is_a_rule_violation_and_a_stale_version_a_conflict()
    {
        var candidate = await app.RegisterCandidate();
        (await app.Host.GraphQL(Register, new { input = new { displayName = "Again", email = "again@example.com" } }, candidate.Token))
            .ShouldFailWith("RULE_VIOLATION");
        (await app.Host.GraphQL(Update, new { input = new { headline = "x", expectedVersion = 7 } }, candidate.Token)).ShouldFailWith("CONFLICT");
    }

    [Fact]
    public async Task only_candidates_have_candidate_profiles()
    {
        var input = new { input = new { displayName = "Someone", email = "someone@example.com" } };
        (await app.Host.GraphQL(Register, input)).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(Register, input, app.Token(Roles.Admin))).ShouldFailWith("FORBIDDEN");
        var company = await app.RegisterCompany();
        (await app.Host.GraphQL(Update, new { input = new { headline = "x" } }, company.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(Update, new { input = new { headline = "x" } })).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(Update, new { input = new { headline = "x" } }, app.Token(Roles.Candidate))).ShouldFailWith("NOT_FOUND");
    }

    [Theory]
    [InlineData("not-an-email", "microservices", "email")]
    [InlineData("ok@example.com", "no-such-skill", "skills")]
    public async Task bad_profiles_name_the_field_and_create_nothing(string email, string skill, string field)
    {
        var token = app.Token(Roles.Candidate, subject: Guid.NewGuid());
        var response = await app.Host.GraphQL(Register, new { input = new { displayName = "Bad Input", email, skills = new[] { skill } } }, token);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
        (await app.Host.GraphQL("{ me { candidate { id } } }", token: token)).Data("me.candidate").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
