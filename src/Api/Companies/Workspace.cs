using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Companies;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Companies;

/// <summary>
/// The company workspace's frame: the sections a member may open, by the capabilities of their role (PRODUCT.md). A
/// section a role does not have is not offered; its pages refuse it anyway, through the GraphQL operations they run.
/// </summary>
public static class Workspace
{
    public const string Path = "/company";

    public sealed record Section(string Href, string Label, CompanyCapabilities Needs);

    public static readonly Section[] Sections =
    [
        new($"{Path}/postings", "Postings", CompanyCapabilities.Postings | CompanyCapabilities.Pipeline),
        new($"{Path}/challenges", "Challenges", CompanyCapabilities.Challenges),
        new($"{Path}/talent", "Talent", CompanyCapabilities.Talent),
        new("/analytics", "Funnel", CompanyCapabilities.Funnel),
        new(TeamPages.TeamPath, "Team", CompanyCapabilities.None),
        new($"{Path}/webhooks", "Webhooks", CompanyCapabilities.Webhooks),
    ];

    public static IEnumerable<Section> Open(Actor actor) =>
        Sections.Where(s => actor.Role == Roles.Company && (s.Needs == CompanyCapabilities.None || (actor.Capabilities & s.Needs) != 0));

    /// <summary>The workspace's navigation, with <paramref name="current"/> marked as the page the member is on.</summary>
    public static string Nav(Actor actor, string current) =>
        $"""<nav aria-label="Workspace" class="workspace">{Join(Open(actor), s => s.Href == current
            ? $"<a href=\"{E(s.Href)}\" aria-current=\"page\">{E(s.Label)}</a>"
            : $"<a href=\"{E(s.Href)}\">{E(s.Label)}</a>")}</nav>""";

    /// <summary>/company: the first section the member may open; the team page (to register a company) for anyone else.</summary>
    public static async Task<IResult> Enter(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(Path);
        return Results.Redirect(Open(actor).FirstOrDefault()?.Href ?? TeamPages.TeamPath);
    }
}
