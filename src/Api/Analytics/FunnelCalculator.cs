using System.Globalization;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;

namespace Marketplace.Api.Analytics;

public enum FunnelGroupBy { None, Posting, Company, Skill, Source, Day, Week, Month }

public sealed record FunnelRequest(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? AsOf, bool CompletedOnly, FunnelGroupBy GroupBy);

public sealed record FunnelStage(Stage Stage, int Reached, int Entered, double? PassThrough, double? MedianHoursInStage, double? P90HoursInStage);

public sealed record ReasonCount(RejectionReason Reason, int Count);

public sealed record DropOff(Stage Stage, int Rejected, int Withdrawn, IReadOnlyList<ReasonCount> Reasons);

public sealed record FunnelGroup(string Key, int Applications, IReadOnlyList<FunnelStage> Stages, IReadOnlyList<DropOff> DropOff,
    double? MedianDaysToHire, double? OfferAcceptanceRate, bool Suppressed);

public sealed record HiringFunnel(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? AsOf, IReadOnlyList<FunnelGroup> Groups);

/// <summary>
/// The funnel's definitions (docs/analytics.md), as one pure function over application timelines. Every figure is
/// computed from what had happened by <c>asOf</c> (business time); groups under <see cref="MinimumGroupSize"/>
/// applications keep their counts but not their time figures.
/// </summary>
public static class FunnelCalculator
{
    public const int MinimumGroupSize = 5;
    private static readonly Stage[] Stages = Enum.GetValues<Stage>();

    public static HiringFunnel Calculate(FunnelRequest request, IEnumerable<ApplicationTimeline> timelines)
    {
        var asOf = request.AsOf ?? DateTimeOffset.MaxValue;
        var known = timelines.Where(t => t.SubmittedAt <= asOf).Select(t => Seen.AsOf(t, asOf)).ToList();
        var cohort = known.Where(t => t.Timeline.SubmittedAt >= request.From && t.Timeline.SubmittedAt < request.To &&
                                      (!request.CompletedOnly || t.Outcome is not null)).ToList();

        var keys = cohort.SelectMany(t => Keys(t.Timeline, request.GroupBy)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0 && request.GroupBy == FunnelGroupBy.None) keys.Add("all");
        var groups = keys.Select(key => Group(key,
            cohort.Where(t => Keys(t.Timeline, request.GroupBy).Contains(key)).ToList(),
            known.Where(t => Keys(t.Timeline, request.GroupBy).Contains(key)).ToList(),
            request)).ToList();
        return new HiringFunnel(request.From, request.To, request.AsOf, groups);
    }

    private static FunnelGroup Group(string key, List<Seen> cohort, List<Seen> activity, FunnelRequest request)
    {
        var suppressed = cohort.Count < MinimumGroupSize;
        var reached = Stages.ToDictionary(s => s, s => cohort.Count(t => t.Furthest >= s));
        var stays = cohort.SelectMany(t => t.Stays()).ToLookup(s => s.Stage, s => s.Hours);

        var stages = Stages.Select(stage =>
        {
            var entered = activity.Sum(t => t.Entries.Count(e => e.Stage == stage && e.At >= request.From && e.At < request.To));
            double? passThrough = stage == Stage.Hired || reached[stage] == 0
                ? null
                : Math.Round((double)reached[stage + 1] / reached[stage], 4);
            var hours = stays[stage].Order().ToList();
            return new FunnelStage(stage, reached[stage], entered, passThrough,
                suppressed ? null : Percentile(hours, 0.5), suppressed ? null : Percentile(hours, 0.9));
        }).ToList();

        var dropOff = Stages.Where(s => s != Stage.Hired).Select(stage =>
        {
            var ended = cohort.Where(t => t.EndedAtStage == stage).ToList();
            var rejected = ended.Where(t => t.Outcome == ApplicationStatus.Rejected).ToList();
            return new DropOff(stage, rejected.Count, ended.Count(t => t.Outcome == ApplicationStatus.Withdrawn),
                rejected.GroupBy(t => t.Timeline.Reason ?? RejectionReason.Other).OrderBy(g => g.Key)
                    .Select(g => new ReasonCount(g.Key, g.Count())).ToList());
        }).ToList();

        var hired = cohort.Where(t => t.Outcome == ApplicationStatus.Hired).ToList();
        var declined = cohort.Count(t => t.Outcome == ApplicationStatus.OfferDeclined);
        var daysToHire = hired.Select(t => (t.EndedAt!.Value - t.Timeline.SubmittedAt).TotalDays).Order().ToList();
        return new FunnelGroup(key, cohort.Count, stages, dropOff,
            suppressed ? null : Percentile(daysToHire, 0.5),
            hired.Count + declined == 0 ? null : Math.Round((double)hired.Count / (hired.Count + declined), 4),
            suppressed);
    }

    /// <summary>Linear interpolation between the closest ranks (as spreadsheets' PERCENTILE.INC); null for no values.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return Math.Round(sorted[low] + (sorted[high] - sorted[low]) * (rank - low), 2);
    }

    private static IEnumerable<string> Keys(ApplicationTimeline t, FunnelGroupBy groupBy) => groupBy switch
    {
        FunnelGroupBy.Posting => [t.PostingId.ToString()],
        FunnelGroupBy.Company => [t.CompanyId.ToString()],
        FunnelGroupBy.Skill => t.Skills,
        FunnelGroupBy.Source => [t.Source.ToString().ToUpperInvariant()],
        FunnelGroupBy.Day => [t.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
        FunnelGroupBy.Week => [$"{ISOWeek.GetYear(t.SubmittedAt.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(t.SubmittedAt.UtcDateTime):D2}"],
        FunnelGroupBy.Month => [t.SubmittedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)],
        _ => ["all"],
    };

    /// <summary>A timeline as it stood at a moment: later entries and a later ending are not yet known.</summary>
    private sealed record Seen(ApplicationTimeline Timeline, IReadOnlyList<StageEntry> Entries, ApplicationStatus? Outcome,
        Stage? EndedAtStage, DateTimeOffset? EndedAt)
    {
        public Stage Furthest => Entries.Max(e => e.Stage);

        public static Seen AsOf(ApplicationTimeline t, DateTimeOffset asOf)
        {
            var ended = t.EndedAt is { } at && at <= asOf;
            return new Seen(t, t.Entries.Where(e => e.At <= asOf).OrderBy(e => e.At).ThenBy(e => e.Stage).ToList(),
                ended ? t.Outcome : null, ended ? t.EndedAtStage : null, ended ? t.EndedAt : null);
        }

        /// <summary>Completed stays: a stage entered and then left, by the next entry or by the ending.</summary>
        public IEnumerable<(Stage Stage, double Hours)> Stays()
        {
            for (var i = 0; i < Entries.Count; i++)
            {
                if (Entries[i].Stage == Stage.Hired) continue;
                var left = i + 1 < Entries.Count ? Entries[i + 1].At : EndedAt;
                if (left is { } leftAt) yield return (Entries[i].Stage, (leftAt - Entries[i].At).TotalHours);
            }
        }
    }
}
