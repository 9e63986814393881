using Marketplace.Domain.Companies;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using System.Globalization;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>
/// The analysts' dashboard: the hiringFunnel query (the same resolver, scope rules and calculator as /graphql) drawn as
/// charts, for the cohort the filters name and as it stood at the "as of" moment.
/// </summary>
public sealed class Dashboard(PageQueries queries, TimeProvider clock)
{
    private const string GroupFields = """
        key applications suppressed medianDaysToHire offerAcceptanceRate
        stages { stage reached entered passThrough medianHoursInStage p90HoursInStage }
        """;

    private const string Query = $$"""
        query($filter: FunnelFilter!, $grouped: FunnelFilter!, $withGroups: Boolean!, $company: ID) {
          funnel: hiringFunnel(filter: $filter) { from to asOf groups { {{GroupFields}} dropOff { stage rejected withdrawn reasons { reason count } } } }
          breakdown: hiringFunnel(filter: $grouped) @include(if: $withGroups) { from to asOf groups { {{GroupFields}} } }
          skills { slug name }
          postings(first: 100, filter: { companyId: $company }) { edges { node { id title company { id name } } } }
          me { company { id name } }
        }
        """;

    public const string Path = "/analytics";

    /// <summary>Who the dashboard is for: analysts, administrators and the company members who read its funnel.</summary>
    public static bool MayRead(Actor actor) => actor.Role is Roles.Analyst or Roles.Admin || actor.CompanyFor(CompanyCapabilities.Funnel) is not null;

    public async Task<Page> Show(HttpContext http)
    {
        // What a signed-in analyst saw must not be kept by a browser or a proxy for the next person.
        http.Response.Headers.CacheControl = "no-store";
        // The account's own session: the pages sign in with the built-in provider's cookie (docs/adr/0025).
        if (await AccountActor.FromSession(http) is not { } actor) return SignInPage.Render();
        if (!MayRead(actor))
            return SignInPage.Render("Your account may not read the funnel: it is for analysts, administrators and company members.",
                StatusCodes.Status403Forbidden);
        var now = clock.GetUtcNow();
        var filters = DashboardFilters.Parse(http.Request.Query, now);
        DashboardData data;
        try
        {
            data = await queries.Run<DashboardData>(http, actor, Query, new
            {
                filter = filters.Input(),
                grouped = filters.Input(filters.GroupBy),
                withGroups = filters.GroupBy is not null,
                // A company's member reads its own funnel only: the postings to narrow it by are the company's.
                company = actor.CompanyId,
            });
        }
        catch (PageQueryFailed e) when (e.Code is "VALIDATION_FAILED" or "FORBIDDEN" or "UNAUTHENTICATED")
        {
            var status = e.Code == "VALIDATION_FAILED" ? StatusCodes.Status400BadRequest : StatusCodes.Status403Forbidden;
            return Render(actor, filters, now, null, $"<p class=\"problem\" role=\"alert\">{E(e.Message)}</p>") with { Status = status };
        }
        return Render(actor, filters, now, data, Results(data, filters));
    }

    /// <summary>Who is reading, in words: a company's member by their role and the company's name, else the platform role.</summary>
    private static string SignedInAs(Actor actor, DashboardData? data)
    {
        if (actor.CompanyId is not { } company) return $"Signed in as {Words(actor.Role)}, all companies";
        var name = data?.Me?.Company?.Name ?? "your company";
        return actor.CompanyRole is { } role ? $"Signed in as {E(Companies.TeamPages.RoleWords(role))} of {E(name)}" : $"Signed in for {E(name)}";
    }

    private static Page Render(Actor actor, DashboardFilters filters, DateTimeOffset now, DashboardData? data, string results) =>
        new("Hiring funnel", "The hiring funnel: applications per stage, pass-through rates, time in stage and drop-off.", $"""
            {(actor.Role == Roles.Company ? Companies.Workspace.Nav(actor, Path) : "")}
            <div class="signed-in">
            <p>{SignedInAs(actor, data)}.</p>
            </div>
            <h1>Hiring funnel</h1>
            {DashboardForm.Render(filters, data?.Skills ?? [], data?.Postings.Nodes.ToList() ?? [], actor)}
            {Replay(filters, now)}
            {results}
            """) { Indexable = false };

    private static string Replay(DashboardFilters filters, DateTimeOffset now)
    {
        var moments = new (string Label, DateTime? At)[]
        {
            ("Now", null),
            ("30 days ago", now.UtcDateTime.AddDays(-30)),
            ("60 days ago", now.UtcDateTime.AddDays(-60)),
            ("90 days ago", now.UtcDateTime.AddDays(-90)),
            ("120 days ago", now.UtcDateTime.AddDays(-120)),
        };
        string Link((string Label, DateTime? At) m)
        {
            var at = m.At is { } moment ? new DateTime(moment.Year, moment.Month, moment.Day, moment.Hour, moment.Minute, 0, DateTimeKind.Utc) : (DateTime?)null;
            var current = filters.AsOf == at ? " aria-current=\"true\"" : "";
            return $"<li><a href=\"{E(filters.WithAsOf(at))}\"{current}>{E(m.Label)}</a></li>";
        }
        return $"""
            <nav class="replay" aria-label="Replay the funnel">
            <p>Replay the funnel as it stood:</p>
            <ul>{Join(moments, Link)}</ul>
            </nav>
            """;
    }

    private static string Results(DashboardData data, DashboardFilters filters)
    {
        var group = data.Funnel.Groups.Single();
        var period = $"""
            <p class="period" id="period">Applications submitted from {E(filters.From.ToString("d MMMM yyyy", CultureInfo.InvariantCulture))}
            up to {E(filters.To.ToString("d MMMM yyyy", CultureInfo.InvariantCulture))} (not included),
            <strong>{(data.Funnel.AsOf is { } asOf ? $"as of {E(asOf.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture))} UTC" : "as of now")}</strong>.</p>
            """;
        if (group.Applications == 0)
            return period + Cards.Empty("No applications in this cohort", "Widen the period or remove a filter.");

        var hired = group.Stages.Single(s => s.Stage == "HIRED").Reached;
        var suppressed = group.Suppressed
            ? $"""<p class="suppressed" role="note">Fewer than 5 applications: time figures are withheld so that no one can be recognised.</p>"""
            : "";
        var download = $"""
            <p class="download"><a href="{E(filters.Download)}" id="download">Download CSV</a> of these figures{(filters.GroupBy is { } by ? $", by {E(by.ToLowerInvariant())}" : "")}.</p>
            """;
        return $"""
            {period}
            {download}
            <dl class="figures">
            <div><dt>Applications</dt><dd id="applications">{E(group.Applications)}</dd></div>
            <div><dt>Hired</dt><dd>{E(hired)}</dd></div>
            <div><dt>Median time to hire</dt><dd>{(group.MedianDaysToHire is { } days ? $"{Number(days)} days" : "–")}</dd></div>
            <div><dt>Offer acceptance</dt><dd>{Percent(group.OfferAcceptanceRate)}</dd></div>
            </dl>
            {suppressed}
            <section aria-labelledby="funnel-heading"><h2 id="funnel-heading">Funnel</h2>
            <figure>{FunnelCharts.Funnel(group)}</figure>
            {DashboardTables.Stages(group)}</section>
            <section aria-labelledby="time-heading"><h2 id="time-heading">Time in stage</h2>
            {(group.Suppressed ? "<p>Withheld for this small group.</p>" : $"<figure>{FunnelCharts.TimeInStage(group)}</figure>")}</section>
            <section aria-labelledby="drop-heading"><h2 id="drop-heading">Drop-off</h2>
            <figure>{FunnelCharts.DropOff(group.DropOff ?? [])}
            <figcaption><span class="key rejected"></span> rejected <span class="key withdrawn"></span> withdrew</figcaption></figure>
            {DashboardTables.Reasons(group.DropOff ?? [])}</section>
            {(data.Breakdown is { } breakdown ? DashboardTables.Breakdown(breakdown, filters.GroupBy!, data) : "")}
            """;
    }
}

public sealed record DashboardData(FunnelAnswer Funnel, FunnelAnswer? Breakdown, IReadOnlyList<SkillOption> Skills, Connection<PostingOption> Postings,
    DashboardMe? Me = null);

public sealed record DashboardMe(CompanyOption? Company);

public sealed record SkillOption(string Slug, string Name);

public sealed record CompanyOption(string Id, string Name);

public sealed record PostingOption(string Id, string Title, CompanyOption Company);
