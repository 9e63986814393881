using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Domain.Companies;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Companies;

/// <summary>
/// Who may open a section of the workspace: a member whose role has its capability. Anybody else gets the sign-in, or
/// a 403 page that says why; the section's GraphQL operations refuse them anyway, this only says it first and plainly.
/// </summary>
public static class WorkspaceAccess
{
    /// <summary>The member, or what to answer instead (sign-in, or the refusal).</summary>
    public static async Task<(Actor? Member, IResult? Refusal)> Enter(HttpContext http, Workspace.Section section)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await AccountActor.FromSession(http) is not { } actor)
            return (null, AccountForms.ToSignIn(http.Request.Method == HttpMethods.Get ? http.Request.Path + http.Request.QueryString : section.Href));
        return actor.CompanyFor(section.Needs) is null ? (null, Layout.Result(http, Refused(actor, section))) : (actor, null);
    }

    /// <summary>The section of <see cref="Workspace.Sections"/> at <paramref name="href"/>.</summary>
    public static Workspace.Section Section(string href) => Workspace.Sections.Single(s => s.Href == href);

    /// <summary>The roles whose capabilities include the section's, as the refusal names them: "owners, admins and recruiters".</summary>
    private static string WhoHas(CompanyCapabilities needs)
    {
        var roles = Enum.GetValues<CompanyRole>().Where(r => (r.Capabilities() & needs) != 0)
            .Select(r => r == CompanyRole.HiringManager ? "hiring managers" : $"{r.ToString().ToLowerInvariant()}s").ToList();
        return roles.Count < 2 ? string.Concat(roles) : $"{string.Join(", ", roles[..^1])} and {roles[^1]}";
    }

    private static Page Refused(Actor actor, Workspace.Section section)
    {
        var why = actor.Role == Roles.Company
            ? $"Your role in the company does not include {section.Label.ToLowerInvariant()}: {WhoHas(section.Needs)} work on it. Ask one of your company's owners or admins if you need it."
            : $"{section.Label} is a part of a company's workspace: sign in with the account of a company member who works on it.";
        return new Page($"{section.Label}: not for your account", why, $"""
            {(actor.Role == Roles.Company ? Workspace.Nav(actor, section.Href) : "")}
            <h1>{E(section.Label)}</h1>
            {AccountForms.Problem(why)}
            <p><a href="{Workspace.Path}">Your company's workspace</a></p>
            """) { Status = StatusCodes.Status403Forbidden, Indexable = false };
    }
}
