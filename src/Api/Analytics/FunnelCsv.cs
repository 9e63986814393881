using CsvHelper;
using GraphQL;
using Marketplace.Domain.Applications;
using System.Globalization;

namespace Marketplace.Api.Analytics;

/// <summary>
/// hiringFunnel's answer as CSV (docs/analytics.md, "Download as CSV"): a line per group and stage, with the group's
/// figures repeated on each of its lines and the period on every line, so that any line can be read on its own. Names
/// are those of the GraphQL answer; a null figure (a suppressed group's times, a pass-through at HIRED) is an empty cell.
/// </summary>
public static class FunnelCsv
{
    private sealed record Line(HiringFunnel Funnel, FunnelGroup Group, FunnelStage Stage, DropOff? DropOff);

    private static readonly (string Name, Func<Line, object?> Value)[] Columns =
    [
        ("from", l => Instant(l.Funnel.From)),
        ("to", l => Instant(l.Funnel.To)),
        ("asOf", l => l.Funnel.AsOf is { } asOf ? Instant(asOf) : null),
        ("group", l => l.Group.Key),
        ("applications", l => l.Group.Applications),
        ("suppressed", l => l.Group.Suppressed),
        ("stage", l => l.Stage.Stage.ToString().ToConstantCase()),
        ("reached", l => l.Stage.Reached),
        ("entered", l => l.Stage.Entered),
        ("passThrough", l => l.Stage.PassThrough),
        ("medianHoursInStage", l => l.Stage.MedianHoursInStage),
        ("p90HoursInStage", l => l.Stage.P90HoursInStage),
        ("medianDaysToHire", l => l.Group.MedianDaysToHire),
        ("offerAcceptanceRate", l => l.Group.OfferAcceptanceRate),
        // Nothing drops off at HIRED: those cells stay empty, as hiringFunnel has no dropOff entry for it.
        ("rejected", l => l.DropOff?.Rejected),
        ("withdrawn", l => l.DropOff?.Withdrawn),
        .. Enum.GetValues<RejectionReason>().Select(reason => ($"rejected{reason}", (Func<Line, object?>)(l =>
            l.DropOff is { } dropOff ? dropOff.Reasons.FirstOrDefault(r => r.Reason == reason)?.Count ?? 0 : null))),
    ];

    public static IReadOnlyList<string> ColumnNames { get; } = [.. Columns.Select(c => c.Name)];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        FormatProvider = CultureInfo.InvariantCulture,
        TrueValue = "true",
        FalseValue = "false",
        // Group keys are ids, skills and periods, but a spreadsheet must never take a cell for a formula.
        Injection = CsvInjection.Escape,
    };

    public static async Task Write(HiringFunnel funnel, Stream destination, CancellationToken cancellation)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader([.. ColumnNames]);
        foreach (var group in funnel.Groups)
            foreach (var stage in group.Stages)
            {
                var line = new Line(funnel, group, stage, group.DropOff.FirstOrDefault(d => d.Stage == stage.Stage));
                foreach (var (_, value) in Columns) csv.WriteField(value(line));
                await csv.EndRecordAsync(cancellation);
            }
        await csv.FlushAsync(cancellation);
    }

    /// <summary>
    /// hiring-funnel_{from}_{to}[_by-{grouping}]_as-of-{moment}.csv in UTC (20260101T000000Z): the moment is the asked
    /// "as of", or when none was asked the moment the file was made.
    /// </summary>
    public static string FileName(FunnelRequest request, DateTimeOffset now)
    {
        static string Compact(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var grouping = request.GroupBy == FunnelGroupBy.None ? "" : $"_by-{request.GroupBy.ToString().ToLowerInvariant()}";
        return $"hiring-funnel_{Compact(request.From)}_{Compact(request.To)}{grouping}_as-of-{Compact(request.AsOf ?? now)}.csv";
    }

    /// <summary>ISO 8601 in UTC, without the fraction of a second when there is none.</summary>
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
