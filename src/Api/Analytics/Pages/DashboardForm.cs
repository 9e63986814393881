using Marketplace.Api.Infrastructure.Identity;
using System.Globalization;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>The filters as a plain GET form: every view of the funnel has an address to bookmark or share.</summary>
public static class DashboardForm
{
    public static string Render(DashboardFilters f, IReadOnlyList<SkillOption> skills, IReadOnlyList<PostingOption> postings, Actor actor)
    {
        var companies = postings.Select(p => p.Company).DistinctBy(c => c.Id).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (actor.CompanyId is { } own) companies = companies.Where(c => Guid.TryParse(c.Id, out var id) && id == own).ToList();
        return $"""
            <form method="get" action="/analytics" class="filters" aria-label="Funnel filters">
            <fieldset><legend>Applications submitted</legend>
            <div class="field"><label for="from">From</label><input type="date" id="from" name="from" value="{E(f.From.ToString(DashboardFilters.DateFormat, CultureInfo.InvariantCulture))}" required></div>
            <div class="field"><label for="to">Until (not included)</label><input type="date" id="to" name="to" value="{E(f.To.ToString(DashboardFilters.DateFormat, CultureInfo.InvariantCulture))}" required></div>
            </fieldset>
            <div class="field"><label for="company">Company</label>{Select("company", actor.CompanyId is null ? "All companies" : null, f.Company, companies.Select(c => (c.Id, c.Name)))}</div>
            <div class="field"><label for="posting">Posting</label>{Select("posting", "All postings", f.Posting, postings.Select(p => (p.Id, $"{p.Title} ({p.Company.Name})")))}</div>
            <div class="field"><label for="skill">Skill</label>{Select("skill", "All skills", f.Skill, skills.Select(s => (s.Slug, s.Name)))}</div>
            <div class="field"><label for="source">Source</label>{Select("source", "All sources", f.Source, DashboardFilters.Sources.Select(s => (s, Label(s))))}</div>
            <div class="field"><label for="groupBy">Break down by</label>{Select("groupBy", "No breakdown", f.GroupBy, DashboardFilters.Groupings.Select(g => (g, Label(g))))}</div>
            <div class="field"><label for="asOf">As of (UTC)</label><input type="datetime-local" id="asOf" name="asOf" value="{E(f.AsOf?.ToString(DashboardFilters.MomentFormat, CultureInfo.InvariantCulture))}" aria-describedby="asOf-hint">
            <p class="hint" id="asOf-hint">Empty: now. Only what had happened by then counts.</p></div>
            <div class="field check"><input type="checkbox" id="completed" name="completed"{(f.CompletedOnly ? " checked" : "")}><label for="completed">Completed applications only</label></div>
            <div class="actions"><button type="submit">Show the funnel</button> <a href="/analytics">Reset</a></div>
            </form>
            """;
    }

    /// <summary>A select whose options are (value, label); <paramref name="any"/> is the option that does not narrow.</summary>
    private static string Select(string name, string? any, string? selected, IEnumerable<(string Value, string Label)> options)
    {
        var items = options.ToList();
        // A value from the address that is not among the options (a closed posting, say) stays selectable.
        if (selected is not null && items.All(o => o.Value != selected)) items.Insert(0, (selected, selected));
        var html = any is null ? "" : $"<option value=\"\">{E(any)}</option>";
        return $"<select id=\"{name}\" name=\"{name}\">{html}{Join(items, o =>
            $"<option value=\"{E(o.Value)}\"{(o.Value == selected ? " selected" : "")}>{E(o.Label)}</option>")}</select>";
    }
}
