using System.Text;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>
/// The funnel's figures drawn as inline SVG on the server: no script, nothing fetched, and each chart names its numbers
/// in its title and description (and in the table beside it) for those who cannot see it.
/// </summary>
public static class FunnelCharts
{
    private const int Width = 560;
    private const int LabelWidth = 110;
    private const int BarSpace = 330;
    private const int Row = 54;

    public static string Funnel(FunnelGroupData group)
    {
        var max = Math.Max(1, group.Stages.Max(s => s.Reached));
        var rows = new StringBuilder();
        foreach (var (stage, i) in group.Stages.Select((s, i) => (s, i)))
        {
            var y = i * Row;
            var width = Bar(stage.Reached, max);
            var next = i + 1 < group.Stages.Count ? group.Stages[i + 1] : null;
            rows.Append($"""
                <g class="stage" data-stage="{E(stage.Stage)}" data-reached="{E(stage.Reached)}">
                <text x="0" y="{y + 22}" class="label">{Words(stage.Stage)}</text>
                <rect x="{LabelWidth}" y="{y + 4}" width="{width}" height="26" rx="3" class="bar"></rect>
                <text x="{LabelWidth + width + 8}" y="{y + 22}" class="value">{E(stage.Reached)}</text>
                {(next is null ? "" : $"""<text x="{LabelWidth}" y="{y + 47}" class="note">{Percent(stage.PassThrough)} move on to {Words(next.Stage).ToLowerInvariant()}</text>""")}
                </g>
                """);
        }
        var description = string.Join("; ", group.Stages.Select(s =>
            $"{Words(s.Stage)} {E(s.Reached)}{(s.PassThrough is { } p ? $", {Percent(p)} pass through" : "")}"));
        return Svg("funnel", "Applications that reached each stage", description, group.Stages.Count * Row, rows.ToString(),
            $"data-applications=\"{E(group.Applications)}\"");
    }

    public static string TimeInStage(FunnelGroupData group)
    {
        var stages = group.Stages.Where(s => s.Stage != "HIRED").ToList();
        var max = Math.Max(1, stages.Max(s => s.P90HoursInStage ?? s.MedianHoursInStage ?? 0));
        var rows = new StringBuilder();
        foreach (var (stage, i) in stages.Select((s, i) => (s, i)))
        {
            var y = i * Row;
            var median = Bar(stage.MedianHoursInStage ?? 0, max);
            var p90 = Bar(stage.P90HoursInStage ?? 0, max);
            rows.Append($"""
                <g class="stage" data-stage="{E(stage.Stage)}">
                <text x="0" y="{y + 22}" class="label">{Words(stage.Stage)}</text>
                <rect x="{LabelWidth}" y="{y + 8}" width="{p90}" height="18" rx="3" class="bar p90"></rect>
                <rect x="{LabelWidth}" y="{y + 8}" width="{median}" height="18" rx="3" class="bar"></rect>
                <text x="{LabelWidth + Math.Max(median, p90) + 8}" y="{y + 22}" class="value">{Days(stage.MedianHoursInStage)}</text>
                <text x="{LabelWidth}" y="{y + 45}" class="note">median {Days(stage.MedianHoursInStage)}, 90th percentile {Days(stage.P90HoursInStage)}</text>
                </g>
                """);
        }
        var description = string.Join("; ", stages.Select(s =>
            $"{Words(s.Stage)}: median {Days(s.MedianHoursInStage)}, 90th percentile {Days(s.P90HoursInStage)}"));
        return Svg("time-in-stage", "Time spent in each stage (completed stays)", description, stages.Count * Row, rows.ToString());
    }

    public static string DropOff(IReadOnlyList<DropOffData> dropOff)
    {
        var max = Math.Max(1, dropOff.Max(d => d.Rejected + d.Withdrawn));
        var rows = new StringBuilder();
        foreach (var (stage, i) in dropOff.Select((d, i) => (d, i)))
        {
            var y = i * Row;
            var rejected = Bar(stage.Rejected, max);
            var withdrawn = Bar(stage.Withdrawn, max);
            rows.Append($"""
                <g class="stage" data-stage="{E(stage.Stage)}" data-rejected="{E(stage.Rejected)}" data-withdrawn="{E(stage.Withdrawn)}">
                <text x="0" y="{y + 22}" class="label">{Words(stage.Stage)}</text>
                <rect x="{LabelWidth}" y="{y + 4}" width="{rejected}" height="26" class="bar rejected"></rect>
                <rect x="{LabelWidth + rejected}" y="{y + 4}" width="{withdrawn}" height="26" class="bar withdrawn"></rect>
                <text x="{LabelWidth + rejected + withdrawn + 8}" y="{y + 22}" class="value">{E(stage.Rejected + stage.Withdrawn)}</text>
                <text x="{LabelWidth}" y="{y + 47}" class="note">{E(stage.Rejected)} rejected, {E(stage.Withdrawn)} withdrew</text>
                </g>
                """);
        }
        var description = string.Join("; ", dropOff.Select(d => $"{Words(d.Stage)}: {E(d.Rejected)} rejected, {E(d.Withdrawn)} withdrew"));
        return Svg("drop-off", "Applications that ended at each stage", description, dropOff.Count * Row, rows.ToString());
    }

    public static string Days(double? hours) =>
        hours is { } h ? h < 48 ? $"{Number(h, "0")} h" : $"{Number(h / 24, "0.#")} days" : "–";

    private static int Bar(double value, double max) => value <= 0 ? 0 : Math.Max(2, (int)Math.Round(value / max * BarSpace));

    private static string Svg(string id, string title, string description, int height, string content, string attributes = "") => $"""
        <svg class="chart {id}" id="{id}-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {Width} {height}" {attributes} xmlns="http://www.w3.org/2000/svg">
        <title id="{id}-title">{E(title)}</title>
        <desc id="{id}-desc">{description}</desc>
        {content}
        </svg>
        """;
}
