using Marketplace.Api.Infrastructure.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Shouldly;
using System.Net;
using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

/// <summary>A person with an account of the built-in provider: the token a script gets through code + PKCE.</summary>
public sealed record TestAccount(string Email, Guid Id, string Token, Browser Browser);

/// <summary>A company registered by its owner's account and approved by an administrator.</summary>
public sealed record TestTeam(Guid CompanyId, TestAccount Owner);

/// <summary>Steps of the team stories: accounts, a company and its owner, members with a role, machine clients.</summary>
public static class TeamScenarios
{
    public const string TeamFields = "version members { accountId email role } invitations { id email role expiresAt }";

    public static async Task<TestAccount> SignedUp(this AppFixture app, string? name = null)
    {
        var email = $"{name ?? "person"}-{Guid.NewGuid():N}@example.com";
        var browser = Browser.For(app);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);
        var token = await CodeFlow.AccessToken(browser, email);
        return new TestAccount(email, Guid.Parse(new JsonWebToken(token).Subject), token, browser);
    }

    public static Task<GraphQLResponse> RequestCompany(this AppFixture app, TestAccount owner) =>
        app.Host.GraphQL("mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id name awaitingApproval } } }",
            new { input = new { name = "Team Co", slug = "team-" + Guid.NewGuid().ToString("N")[..12] } }, owner.Token);

    public static async Task<TestTeam> CompanyOwnedBy(this AppFixture app, TestAccount owner)
    {
        var company = Guid.Parse((await app.RequestCompany(owner)).Data("registerCompany.company.id").GetString()!);
        (await app.Host.GraphQL("mutation($input: CompanyIdInput!) { approveCompany(input: $input) { company { awaitingApproval } } }",
            new { input = new { companyId = company } }, app.Token(Roles.Admin))).Data("approveCompany.company.awaitingApproval").GetBoolean().ShouldBeFalse();
        return new TestTeam(company, owner);
    }

    public static async Task<TestTeam> NewTeam(this AppFixture app) => await app.CompanyOwnedBy(await app.SignedUp("owner"));

    public static Task<GraphQLResponse> Invite(this AppFixture app, string? token, string email, string role) =>
        app.Host.GraphQL($"mutation($input: InviteMemberInput!) {{ inviteMember(input: $input) {{ team {{ {TeamFields} }} }} }}",
            new { input = new { email, role } }, token);

    public static Task<GraphQLResponse> Join(this AppFixture app, string? token, string invitationId) =>
        app.Host.GraphQL("mutation($input: TeamInvitationIdInput!) { joinCompany(input: $input) { company { id } } }",
            new { input = new { invitationId } }, token);

    /// <summary>A new account, invited by the owner with the role, that accepted through the API.</summary>
    public static async Task<TestAccount> Member(this AppFixture app, TestTeam team, string role, string? name = null)
    {
        var member = await app.SignedUp(name ?? role.ToLowerInvariant());
        var invited = await app.Invite(team.Owner.Token, member.Email, role);
        var invitation = invited.Data("inviteMember.team.invitations").EnumerateArray().Single(i => i.GetProperty("email").GetString() == member.Email);
        (await app.Join(member.Token, invitation.GetProperty("id").GetString()!)).Data("joinCompany.company.id").GetString().ShouldBe(team.CompanyId.ToString());
        return member;
    }

    public static Task<GraphQLResponse> MemberChange(this AppFixture app, string mutation, string? token, object input)
    {
        var inputType = mutation == "changeMemberRole" ? "ChangeMemberRoleInput" : "RemoveMemberInput";
        return app.Host.GraphQL($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ team {{ {TeamFields} }} }} }}", new { input }, token);
    }

    public static Task<GraphQLResponse> CreateApiClient(this AppFixture app, string? token, string name, params string[] scopes) =>
        app.Host.GraphQL("mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { client { clientId name scopes } clientSecret } }",
            new { input = new { name, scopes } }, token);

    /// <summary>The client credentials grant at /connect/token: the access token, or the error the provider answers.</summary>
    public static async Task<(HttpStatusCode Status, string? Token, string? Error)> ClientToken(this AppFixture app, string clientId, string secret)
    {
        using var browser = Browser.For(app);
        var (status, body, _) = await browser.Post("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        });
        var json = JsonDocument.Parse(body).RootElement;
        return (status, json.TryGetProperty("access_token", out var token) ? token.GetString() : null,
            json.TryGetProperty("error", out var error) ? error.GetString() : null);
    }
}
