using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Domain.Companies;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Companies;

/// <summary>
/// The company's team page (members, invitations, API clients) and the page that accepts an invitation: forms that
/// post and redirect, each action one GraphQL operation run through <see cref="PageQueries"/> with the session's
/// account, so the page obeys exactly the rules an API client does.
/// </summary>
public sealed class TeamPages(PageQueries queries, IAntiforgery antiforgery)
{
    public const string TeamPath = "/company/team";
    public const string RegisterPath = "/company/register";
    public static string JoinPath(Guid invitation) => $"/company/join/{invitation}";

    public static string RoleWords(CompanyRole role) => role switch
    {
        CompanyRole.HiringManager => "a hiring manager",
        CompanyRole.Admin => "an admin",
        CompanyRole.Owner => "an owner",
        CompanyRole.Analyst => "an analyst",
        _ => $"a {role.ToString().ToLowerInvariant()}",
    };

    private const string TeamQuery = """
        query Team { me { role companyRole company { id name awaitingApproval }
          team { version members { accountId email role joinedAt } invitations { id email role expiresAt } }
          apiClients { clientId name scopes } } }
        """;

    public sealed record TeamData(MeData? Me);
    public sealed record MeData(string Role, string? CompanyRole, CompanyData? Company, TeamData2? Team, List<ClientData>? ApiClients);
    public sealed record CompanyData(string Id, string Name, bool AwaitingApproval);
    public sealed record TeamData2(int Version, List<MemberData> Members, List<InvitationData> Invitations);
    public sealed record MemberData(string AccountId, string Email, string Role, DateTimeOffset JoinedAt);
    public sealed record InvitationData(string Id, string Email, string Role, DateTimeOffset ExpiresAt);
    public sealed record ClientData(string ClientId, string Name, List<string> Scopes);
    public sealed record SecretData(SecretPayload? Payload);
    public sealed record SecretPayload(ClientData Client, string ClientSecret);

    public async Task<IResult> Show(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(TeamPath);
        return await Render(http, actor, null, null);
    }

    public async Task<IResult> Act(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(TeamPath);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        string Field(string name) => form[name].ToString().Trim();
        try
        {
            switch (Field("action"))
            {
                case "invite":
                    await Run(http, actor, "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { team { version } } }",
                        new { i = new { email = Field("email"), role = Field("role") } });
                    break;
                case "change":
                    await Run(http, actor, "mutation($i: ChangeMemberRoleInput!) { changeMemberRole(input: $i) { team { version } } }",
                        new { i = new { accountId = Field("accountId"), role = Field("role") } });
                    break;
                case "remove":
                    await Run(http, actor, "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { team { version } } }",
                        new { i = new { accountId = Field("accountId") } });
                    break;
                case "cancel":
                    await Run(http, actor, "mutation($i: TeamInvitationIdInput!) { cancelMemberInvitation(input: $i) { team { version } } }",
                        new { i = new { invitationId = Field("invitationId") } });
                    break;
                case "create-client":
                    var created = await queries.Run<Dictionary<string, SecretPayload>>(http, actor,
                        "mutation($i: CreateApiClientInput!) { payload: createApiClient(input: $i) { client { clientId name scopes } clientSecret } }",
                        new { i = new { name = Field("name"), scopes = form["scopes"].Select(s => s ?? "").ToArray() } });
                    return await Render(http, actor, null, created["payload"]);
                case "rotate-client":
                    var rotated = await queries.Run<Dictionary<string, SecretPayload>>(http, actor,
                        "mutation($i: ApiClientIdInput!) { payload: rotateApiClientSecret(input: $i) { client { clientId name scopes } clientSecret } }",
                        new { i = new { clientId = Field("clientId") } });
                    return await Render(http, actor, null, rotated["payload"]);
                case "revoke-client":
                    await Run(http, actor, "mutation($i: ApiClientIdInput!) { revokeApiClient(input: $i) { revoked } }",
                        new { i = new { clientId = Field("clientId") } });
                    break;
                default:
                    return await Render(http, actor, "That is not something this page can do.", null, 400);
            }
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await Render(http, await AccountActor.FromSession(http) ?? actor, failed.Message, null, failed.Status);
        }
        return Results.Redirect(TeamPath);
    }

    public async Task<IResult> Register(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(TeamPath);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        try
        {
            await Run(http, actor, "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
                new { i = new { name = form["name"].ToString().Trim(), slug = form["slug"].ToString().Trim(), website = NullIfEmpty(form["website"].ToString().Trim()) } });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await Render(http, actor, failed.Message, null, failed.Status);
        }
        return Results.Redirect(TeamPath);
    }

    public async Task<IResult> AcceptForm(HttpContext http, string id)
    {
        var back = $"/company/join/{Uri.EscapeDataString(id)}";
        if (await AccountActor.FromSession(http) is null)
            return Show(http, new Page("Join a company", "An invitation to join a company on Marketplace.", $"""
                <h1>You are invited to join a company</h1>
                <p>Sign in with the email address the invitation was sent to, or create an account with it, and come back here to accept.</p>
                <p><a href="{AccountPages.SignInPath}{E(AccountPages.WithReturn(back))}">Sign in</a> · <a href="{AccountPages.SignUpPath}{E(AccountPages.WithReturn(back))}">Create an account</a></p>
                """) { Indexable = false });
        return Show(http, JoinPage(http, id, null));
    }

    public async Task<IResult> Accept(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn($"/company/join/{Uri.EscapeDataString(id)}");
        if (await AccountForms.Read(http, antiforgery) is null) return AccountForms.Forged(http);
        try
        {
            await Run(http, actor, "mutation($i: TeamInvitationIdInput!) { joinCompany(input: $i) { company { id } } }", new { i = new { invitationId = id } });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            var problem = failed.Code is "NOT_FOUND" or "VALIDATION_FAILED"
                ? "This invitation is not for the account you are signed in with, or it was withdrawn. Sign in with the email address it was sent to."
                : failed.Message;
            return Show(http, JoinPage(http, id, problem) with { Status = failed.Status });
        }
        return Results.Redirect(TeamPath);
    }

    private Page JoinPage(HttpContext http, string id, string? problem) => new("Join a company", "Accept an invitation to join a company.", $"""
        <h1>Accept the invitation</h1>
        {Problem(problem)}
        <form method="post" action="/company/join/{E(id)}" class="sign-in">{Token(http)}
        <button type="submit">Join the company</button>
        </form>
        """) { Indexable = false };

    private Task Run(HttpContext http, Actor actor, string document, object variables) =>
        queries.Run<Dictionary<string, object?>>(http, actor, document, variables);

    private async Task<IResult> Render(HttpContext http, Actor actor, string? problem, SecretPayload? secret, int status = 200)
    {
        var me = (await queries.Run<TeamData>(http, actor, TeamQuery)).Me;
        var page = me?.Company is not { } company
            ? NoCompany(http, problem, me)
            : new Page($"{company.Name}: team", "Your company's team on Marketplace.", $"""
                {Workspace.Nav(actor, TeamPath)}
                <h1>{E(company.Name)}: team</h1>
                {(company.AwaitingApproval ? "<p class=\"hint\">The company is waiting for an administrator's approval; until then you cannot invite anyone.</p>" : "")}
                <p>You are {E(me.CompanyRole is { } r ? Label(r).ToLowerInvariant() : "a member")} of {E(company.Name)}.</p>
                {Problem(problem)}
                {SecretShown(secret)}
                {Members(http, me)}
                {Invitations(http, me)}
                {Clients(http, me)}
                """);
        return Show(http, page with { Status = status, Indexable = false });
    }

    private Page NoCompany(HttpContext http, string? problem, MeData? me) => new("Your company", "Register your company on Marketplace.", $"""
        <h1>Your company</h1>
        {Problem(problem)}
        <p>You are not a member of a company{(me?.Role is "admin" or "analyst" ? " (platform administrators and analysts act for the platform)" : "")}. To join your company's team, ask one of its owners or admins to invite your email address.</p>
        <h2>Register your company</h2>
        <p>You will own it once a Marketplace administrator approves it; then you can invite your team.</p>
        <form method="post" action="{RegisterPath}" class="sign-in">{Token(http)}
        <label for="name">Company name</label><input id="name" name="name" required minlength="2" maxlength="120">
        <label for="slug">Short name for its address</label><input id="slug" name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="slug-hint">
        <p class="hint" id="slug-hint">Lowercase letters, digits and hyphens, such as acme-logistics.</p>
        <label for="website">Website (optional)</label><input id="website" name="website" type="url">
        <button type="submit">Register the company</button>
        </form>
        """);

    private string Members(HttpContext http, MeData me)
    {
        var manages = me.CompanyRole is "OWNER" or "ADMIN";
        var rows = Join(me.Team?.Members ?? [], m => $"""
            <tr><td>{E(m.Email)}</td><td>{Words(m.Role)}</td><td>{Date(m.JoinedAt)}</td>{(manages ? $"""
            <td><form class="inline" method="post" action="{TeamPath}">{Token(http)}<input type="hidden" name="action" value="change"><input type="hidden" name="accountId" value="{E(m.AccountId)}">
            <label class="visually-hidden" for="role-{E(m.AccountId)}">Role of {E(m.Email)}</label>{RoleSelect($"role-{m.AccountId}", m.Role)} <button type="submit">Change role</button></form>
            <form class="inline" method="post" action="{TeamPath}">{Token(http)}<input type="hidden" name="action" value="remove"><input type="hidden" name="accountId" value="{E(m.AccountId)}">
            <button type="submit" aria-label="Remove {E(m.Email)}">Remove</button></form></td>
            """ : "")}</tr>
            """);
        return $"""
            <h2>Members</h2>
            <table class="data"><thead><tr><th>Email</th><th>Role</th><th>Joined</th>{(manages ? "<th>Manage</th>" : "")}</tr></thead><tbody>{rows}</tbody></table>
            """;
    }

    private string Invitations(HttpContext http, MeData me)
    {
        if (me.CompanyRole is not ("OWNER" or "ADMIN")) return "";
        var rows = Join(me.Team?.Invitations ?? [], i => $"""
            <tr><td>{E(i.Email)}</td><td>{Words(i.Role)}</td><td>{Date(i.ExpiresAt)}</td>
            <td><form method="post" action="{TeamPath}">{Token(http)}<input type="hidden" name="action" value="cancel"><input type="hidden" name="invitationId" value="{E(i.Id)}">
            <button type="submit" aria-label="Withdraw the invitation to {E(i.Email)}">Withdraw</button></form></td></tr>
            """);
        return $"""
            <h2>Invite a teammate</h2>
            <form method="post" action="{TeamPath}" class="sign-in">{Token(http)}<input type="hidden" name="action" value="invite">
            <label for="invite-email">Email</label><input id="invite-email" name="email" type="email" required>
            <label for="invite-role">Role</label>{RoleSelect("invite-role", "RECRUITER")}
            <p class="hint">Owners and admins manage the team and API clients; recruiters run postings, challenges, the pipeline and the talent pool; hiring managers move applications; analysts read the company's funnel.</p>
            <button type="submit">Send the invitation</button>
            </form>
            {(rows.Length == 0 ? "" : $"<table class=\"data\"><caption>Invitations not yet accepted</caption><thead><tr><th>Email</th><th>Role</th><th>Expires</th><th></th></tr></thead><tbody>{rows}</tbody></table>")}
            """;
    }

    private string Clients(HttpContext http, MeData me)
    {
        if (me.CompanyRole is not ("OWNER" or "ADMIN")) return "";
        var rows = Join(me.ApiClients ?? [], c => $"""
            <tr><td>{E(c.Name)}</td><td><code>{E(c.ClientId)}</code></td><td>{E(string.Join(", ", c.Scopes))}</td>
            <td><form class="inline" method="post" action="{TeamPath}">{Token(http)}<input type="hidden" name="action" value="rotate-client"><input type="hidden" name="clientId" value="{E(c.ClientId)}"><button type="submit">Rotate the secret</button></form>
            <form class="inline" method="post" action="{TeamPath}">{Token(http)}<input type="hidden" name="action" value="revoke-client"><input type="hidden" name="clientId" value="{E(c.ClientId)}"><button type="submit">Revoke</button></form></td></tr>
            """);
        var scopes = Join(Team.Scopes.Keys, s => $"<label><input type=\"checkbox\" name=\"scopes\" value=\"{E(s)}\"> {E(s)}</label> ");
        return $"""
            <h2>API clients</h2>
            <p>For your own systems (an ATS): they get tokens at <code>/connect/token</code> with the client credentials grant and act for the company with their scopes only.</p>
            {(rows.Length == 0 ? "" : $"<table class=\"data\"><thead><tr><th>Name</th><th>Client id</th><th>Scopes</th><th></th></tr></thead><tbody>{rows}</tbody></table>")}
            <form method="post" action="{TeamPath}" class="sign-in">{Token(http)}<input type="hidden" name="action" value="create-client">
            <label for="client-name">Name</label><input id="client-name" name="name" required minlength="2" maxlength="80">
            <fieldset><legend>Scopes</legend>{scopes}</fieldset>
            <button type="submit">Create the client</button>
            </form>
            """;
    }

    private static string SecretShown(SecretPayload? secret) => secret is null ? "" : $"""
        <div role="status" class="secret"><p><strong>The secret of {E(secret.Client.Name)}</strong> (client id <code>{E(secret.Client.ClientId)}</code>):</p>
        <p><code id="client-secret">{E(secret.ClientSecret)}</code></p><p class="hint">Store it now: it is not shown again.</p></div>
        """;

    private static string RoleSelect(string id, string selected) =>
        $"<select id=\"{E(id)}\" name=\"role\">{Join(Enum.GetNames<CompanyRole>(), r => Option(Constant(r), selected))}</select>";

    private static string Option(string value, string selected) =>
        $"<option value=\"{E(value)}\"{(value == selected ? " selected" : "")}>{Words(value)}</option>";

    private static string Constant(string name) => string.Concat(name.Select((ch, i) => i > 0 && char.IsUpper(ch) ? $"_{ch}" : $"{ch}")).ToUpperInvariant();

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;


    private static string Problem(string? problem) => AccountForms.Problem(problem);

    private static IResult Show(HttpContext http, Page page) => Layout.Result(http, page);


    private string Token(HttpContext http) => AccountForms.TokenField(http, antiforgery);
}
