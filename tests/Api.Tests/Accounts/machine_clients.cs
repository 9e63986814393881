using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>
/// A company's API clients: created by an owner or admin with scopes, the secret shown once; the client credentials
/// grant gives a token that acts for that company with those scopes only; rotating or revoking ends the old credentials
/// and every token they got at once.
/// </summary>
public class machine_clients(AppFixture app)
{
    [Fact]
    public async Task a_client_acts_for_its_company_with_its_scopes_until_its_secret_is_rotated_or_it_is_revoked()
    {
        var team = await app.NewTeam();
        var created = await app.CreateApiClient(team.Owner.Token, "Our ATS", "postings");
        var clientId = created.Data("createApiClient.client.clientId").GetString()!;
        var secret = created.Data("createApiClient.clientSecret").GetString()!;
        created.Data("createApiClient.client.scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["postings"]);
        (await app.Host.GraphQL("{ me { apiClients { clientId name } } }", token: team.Owner.Token)).Body.ShouldNotContain(secret, Case.Sensitive, "shown once");

        var (status, token, _) = await app.ClientToken(clientId, secret);
        status.ShouldBe(HttpStatusCode.OK);
        (await app.Host.GraphQL("{ me { role companyRole company { id } } }", token: token)).Data("me.company.id").GetString().ShouldBe(team.CompanyId.ToString());
        var posting = await app.DraftPosting(token, Scenarios.PostingInput());
        posting.Data("draftPosting.posting.company.id").GetString().ShouldBe(team.CompanyId.ToString(), "it acts for its own company");
        var postingId = posting.Data("draftPosting.posting.id").GetString();
        (await app.Host.GraphQL($"{{ applications(postingId: \"{postingId}\") {{ totalCount }} }}", token: token)).ShouldFailWith("FORBIDDEN");
        (await app.CreateApiClient(token, "Another", "postings")).ShouldFailWith("FORBIDDEN");
        (await app.Invite(token, "someone@example.com", "RECRUITER")).ShouldFailWith("FORBIDDEN");

        var rotated = await app.Host.GraphQL("mutation($input: ApiClientIdInput!) { rotateApiClientSecret(input: $input) { clientSecret } }",
            new { input = new { clientId } }, team.Owner.Token);
        var newSecret = rotated.Data("rotateApiClientSecret.clientSecret").GetString()!;
        newSecret.ShouldNotBe(secret);
        (await app.DraftPosting(token, Scenarios.PostingInput())).ShouldFailWith("UNAUTHENTICATED");
        (await app.ClientToken(clientId, secret)).Error.ShouldBe("invalid_client");
        var (_, renewed, _) = await app.ClientToken(clientId, newSecret);
        (await app.DraftPosting(renewed, Scenarios.PostingInput())).Errors.ShouldBeEmpty();

        (await app.Host.GraphQL("mutation($input: ApiClientIdInput!) { revokeApiClient(input: $input) { revoked } }",
            new { input = new { clientId } }, team.Owner.Token)).Data("revokeApiClient.revoked").GetBoolean().ShouldBeTrue();
        (await app.DraftPosting(renewed, Scenarios.PostingInput())).ShouldFailWith("UNAUTHENTICATED");
        (await app.ClientToken(clientId, newSecret)).Error.ShouldBe("invalid_client");
        (await app.Host.GraphQL("{ me { apiClients { clientId } } }", token: team.Owner.Token)).Data("me.apiClients").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task only_owners_and_admins_manage_clients_of_their_own_company_and_bad_input_changes_nothing()
    {
        var team = await app.NewTeam();
        var other = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        (await app.CreateApiClient(recruiter.Token, "Mine", "postings")).ShouldFailWith("FORBIDDEN");
        (await app.CreateApiClient(null, "Mine", "postings")).ShouldFailWith("UNAUTHENTICATED");
        (await app.CreateApiClient(team.Owner.Token, "Bad", "everything")).ShouldFailWith("VALIDATION_FAILED");
        (await app.CreateApiClient(team.Owner.Token, "No scopes")).ShouldFailWith("VALIDATION_FAILED");
        (await app.CreateApiClient(team.Owner.Token, "", "postings")).ShouldFailWith("VALIDATION_FAILED");
        (await app.Host.GraphQL("{ me { apiClients { clientId } } }", token: team.Owner.Token)).Data("me.apiClients").GetArrayLength().ShouldBe(0);

        var clientId = (await app.CreateApiClient(team.Owner.Token, "Funnel export", "funnel")).Data("createApiClient.client.clientId").GetString();
        foreach (var mutation in new[] { "rotateApiClientSecret { clientSecret }", "revokeApiClient { revoked }" })
        {
            var name = mutation.Split(' ')[0];
            (await app.Host.GraphQL($"mutation($input: ApiClientIdInput!) {{ {name}(input: $input) {{ {mutation[(name.Length + 3)..^2]} }} }}",
                new { input = new { clientId } }, other.Owner.Token)).ShouldFailWith("VALIDATION_FAILED");
        }
        (await app.Host.GraphQL("{ me { apiClients { clientId } } }", token: team.Owner.Token)).Data("me.apiClients").GetArrayLength().ShouldBe(1);
    }
}
