using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>The numbers behind the charts, as tables: exact figures, and the view for screen readers.</summary>
public static class DashboardTables
{
    public static string Stages(FunnelGroupData group) => $"""
        <div class="scroll" role="region" tabindex="0" aria-label="Per stage"><table class="data" id="stages"><caption>Per stage</caption>
        <thead><tr><th scope="col">Stage</th><th scope="col" class="num">Reached</th><th scope="col" class="num">Pass-through</th>
        <th scope="col" class="num">Entered in period</th><th scope="col" class="num">Median in stage</th><th scope="col" class="num">90th percentile</th></tr></thead>
        <tbody>{Join(group.Stages, s => $"""
            <tr data-stage="{E(s.Stage)}"><th scope="row">{Words(s.Stage)}</th><td class="num">{E(s.Reached)}</td><td class="num">{Percent(s.PassThrough)}</td>
            <td class="num">{E(s.Entered)}</td><td class="num">{FunnelCharts.Days(s.MedianHoursInStage)}</td><td class="num">{FunnelCharts.Days(s.P90HoursInStage)}</td></tr>
            """)}</tbody></table></div>
        """;

    public static string Reasons(IReadOnlyList<DropOffData> dropOff)
    {
        var reasons = dropOff.SelectMany(d => d.Reasons.Select(r => r.Reason)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (reasons.Count == 0) return "<p>No rejections in this cohort.</p>";
        return $"""
            <div class="scroll" role="region" tabindex="0" aria-label="Rejections by stage and reason"><table class="data" id="reasons"><caption>Rejections by stage and reason</caption>
            <thead><tr><th scope="col">Stage</th>{Join(reasons, r => $"<th scope=\"col\" class=\"num\">{Words(r)}</th>")}<th scope="col" class="num">Withdrew</th></tr></thead>
            <tbody>{Join(dropOff, d => $"""
                <tr><th scope="row">{Words(d.Stage)}</th>{Join(reasons, r => $"<td class=\"num\">{E(d.Reasons.FirstOrDefault(x => x.Reason == r)?.Count ?? 0)}</td>")}<td class="num">{E(d.Withdrawn)}</td></tr>
                """)}</tbody></table></div>
            """;
    }

    public static string Breakdown(FunnelAnswer breakdown, string groupBy, DashboardData data)
    {
        var stages = breakdown.Groups.FirstOrDefault()?.Stages.Select(s => s.Stage).ToList() ?? [];
        return $"""
            <section aria-labelledby="breakdown-heading"><h2 id="breakdown-heading">By {E(groupBy.ToLowerInvariant())}</h2>
            {(breakdown.Groups.Count == 0 ? "<p>No groups in this cohort.</p>" : $"""
            <div class="scroll" role="region" tabindex="0" aria-label="Breakdown"><table class="data" id="breakdown"><caption>Reached per stage for each group; groups under 5 applications keep their counts but not their time figures</caption>
            <thead><tr><th scope="col">Group</th><th scope="col" class="num">Applications</th>{Join(stages, s => $"<th scope=\"col\" class=\"num\">{Words(s)}</th>")}
            <th scope="col" class="num">Median days to hire</th></tr></thead>
            <tbody>{Join(breakdown.Groups, g => $"""
                <tr data-group="{E(g.Key)}"{(g.Suppressed ? " class=\"suppressed\"" : "")}><th scope="row">{E(Name(g.Key, groupBy, data))}{(g.Suppressed ? " <span class=\"badge\">suppressed</span>" : "")}</th>
                <td class="num">{E(g.Applications)}</td>{Join(g.Stages, s => $"<td class=\"num\">{E(s.Reached)}</td>")}
                <td class="num">{(g.Suppressed ? "withheld" : Number(g.MedianDaysToHire))}</td></tr>
                """)}</tbody></table></div>
            """)}
            </section>
            """;
    }

    /// <summary>Group keys are ids, slugs or constants: shown by the names the page knows.</summary>
    private static string Name(string key, string groupBy, DashboardData data)
    {
        var postings = data.Postings.Nodes.ToList();
        bool Same(string id) => Guid.TryParse(id, out var a) && Guid.TryParse(key, out var b) && a == b;
        return groupBy switch
        {
            "POSTING" => postings.FirstOrDefault(p => Same(p.Id))?.Title ?? key,
            "COMPANY" => postings.FirstOrDefault(p => Same(p.Company.Id))?.Company.Name ?? key,
            "SKILL" => data.Skills.FirstOrDefault(s => s.Slug == key)?.Name ?? key,
            "SOURCE" => Label(key),
            _ => key,
        };
    }
}
