using System.Globalization;
using System.Runtime.CompilerServices;
using Marketplace.Domain.Applications;

namespace Marketplace.Api.Analytics;

public enum FunnelGroupBy { None, Posting, Company, Skill, Source, Day, Week, Month }

public sealed record FunnelRequest(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? AsOf, bool CompletedOnly, FunnelGroupBy GroupBy);

/// <summary>Narrows the applications before they are grouped; null fields do not narrow.</summary>
public sealed record FunnelScope(Guid? CompanyId = null, Guid? PostingId = null, string? Skill = null, ApplicationSource? Source = null);

public sealed record FunnelStage(Stage Stage, int Reached, int Entered, double? PassThrough, double? MedianHoursInStage, double? P90HoursInStage);

public sealed record ReasonCount(RejectionReason Reason, int Count);

public sealed record DropOff(Stage Stage, int Rejected, int Withdrawn, IReadOnlyList<ReasonCount> Reasons);

public sealed record FunnelGroup(string Key, int Applications, IReadOnlyList<FunnelStage> Stages, IReadOnlyList<DropOff> DropOff,
    double? MedianDaysToHire, double? OfferAcceptanceRate, bool Suppressed);

public sealed record HiringFunnel(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? AsOf, IReadOnlyList<FunnelGroup> Groups);

/// <summary>
/// The funnel's definitions (docs/analytics.md) as one pass over the packed timelines of the index: each application
/// is seen as it stood at <c>asOf</c> (business time) and added to the groups its keys name. Groups under
/// <see cref="MinimumGroupSize"/> applications keep their counts but not their time figures.
/// </summary>
public static class FunnelCalculator
{
    public const int MinimumGroupSize = 5;
    private const int Stages = FunnelFact.StageCount;
    private const int Hired = (int)Stage.Hired;
    private static readonly int Reasons = Enum.GetValues<RejectionReason>().Length;

    /// <summary>
    /// Below this many facts one core answers; above it, the facts are cut into <see cref="ChunksPerCore"/> chunks per
    /// core that the cores take in turn, each into groups of its own, and the groups merge.
    /// </summary>
    public const int ParallelFrom = 100_000;

    /// <summary>
    /// Many small chunks rather than one slice per core: a core that the machine gives to something else for a while
    /// holds up the answer by one chunk, not by half the pass (docs/performance.md).
    /// </summary>
    private const int ChunksPerCore = 8;

    /// <param name="parallelFrom">How many facts make it worth cutting the work across cores.</param>
    public static HiringFunnel Calculate(FunnelRequest request, FunnelScope scope, FunnelIndexView view, int parallelFrom = ParallelFrom)
    {
        var index = view.Index;
        var groups = new Dictionary<int, Group>();
        if (Filter.Of(scope, index) is { } filter)
        {
            var facts = view.Facts;
            if (view.Count < parallelFrom) Accumulate(groups, facts, 0, view.Count, request, filter, index);
            else
            {
                // One worker per core, each with groups of its own, taking the next chunk until none is left.
                var cores = Math.Clamp(Environment.ProcessorCount, 2, 8);
                var chunks = cores * ChunksPerCore;
                var size = (view.Count + chunks - 1) / chunks;
                var partial = new Dictionary<int, Group>[cores];
                var next = -1;
                Parallel.For(0, cores, worker =>
                {
                    var mine = partial[worker] = new Dictionary<int, Group>();
                    for (var chunk = Interlocked.Increment(ref next); chunk < chunks; chunk = Interlocked.Increment(ref next))
                        Accumulate(mine, facts, chunk * size, Math.Min(view.Count, (chunk + 1) * size), request, filter, index);
                });
                foreach (var more in partial)
                    foreach (var (key, group) in more)
                        if (groups.TryGetValue(key, out var existing)) existing.Add(group);
                        else groups[key] = group;
            }
        }

        try
        {
            var answered = groups.Where(g => g.Value.Applications > 0)
                .Select(g => (Key: KeyName(g.Key, request.GroupBy, index), g.Value)).ToList();
            if (answered.Count == 0 && request.GroupBy == FunnelGroupBy.None)
                answered.Add(("all", groups.TryGetValue(0, out var none) ? none : groups[0] = new Group()));
            return new HiringFunnel(request.From, request.To, request.AsOf,
                [.. answered.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Item2.Result(g.Key))]);
        }
        finally
        {
            foreach (var group in groups.Values) group.Release();
        }
    }

    /// <summary>
    /// One pass over a chunk of the facts into the given groups by key. The loop runs over up to a million facts per
    /// query, so it is compiled optimised at once instead of warming up through the JIT's tiers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(Dictionary<int, Group> groups, FunnelFact[] facts, int from, int to,
        FunnelRequest request, Filter filter, FunnelIndex index)
    {
        // Applications submitted at or after min(asOf, to) are not part of the answer at all.
        var until = request.AsOf is { } at && at < request.To ? at.UtcTicks : request.To.UtcTicks;
        var asOf = request.AsOf?.UtcTicks ?? long.MaxValue;
        var window = (From: request.From.UtcTicks, To: request.To.UtcTicks);
        Span<int> keys = stackalloc int[64];
        Group? last = null;
        var lastKey = int.MinValue;
        for (var i = from; i < to; i++)
        {
            ref readonly var fact = ref facts[i];
            if (fact.SubmittedAt >= until || !filter.Admits(in fact, index)) continue;
            var seen = new Seen(fact.EntriesBy(asOf), fact.HasEnded && fact.EndedAt <= asOf);
            var inCohort = fact.SubmittedAt >= window.From && fact.SubmittedAt < window.To && (!request.CompletedOnly || seen.Ended);
            var count = Keys(in fact, request.GroupBy, index, keys);
            for (var k = 0; k < count; k++)
            {
                // Consecutive facts mostly share a key (one group, or the same day): skip the lookup then.
                var group = keys[k] == lastKey ? last! : Find(groups, keys[k]);
                (last, lastKey) = (group, keys[k]);
                group.AddActivity(in fact, seen, window);
                if (inCohort) group.AddToCohort(in fact, seen);
            }
        }
    }

    private static Group Find(Dictionary<int, Group> groups, int key)
    {
        if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Group();
        return group;
    }

    /// <summary>Linear interpolation between the closest ranks (as spreadsheets' PERCENTILE.INC); null for no values.</summary>
    public static double? Percentile(List<double> values, double p) => Percentiles.Of([values.ToArray()], p, p).Low;

    /// <summary>
    /// Percentiles of the values of several parts taken together, without copying them into one: the segments of a
    /// group's stays and of its slices' are read where they lie. A radix selection: one pass counts the values per
    /// bucket of their leading 16 bits (sign, exponent and the first mantissa bits, in an order that sorts like the numbers), which
    /// names the bucket holding each wanted rank; a second pass picks that bucket's values out, and the rank is
    /// selected among them alone. Two linear passes for both percentiles, instead of a selection per percentile that
    /// swaps its way through every value (docs/performance.md).
    /// </summary>
    public static class Percentiles
    {
        private const int BucketBits = 16;
        private const int Buckets = 1 << BucketBits;

        public static (double? Low, double? High) Of(IReadOnlyList<ReadOnlyMemory<double>> parts, double low, double high)
        {
            var count = 0;
            foreach (var part in parts) count += part.Length;
            if (count == 0) return (null, null);
            var counts = System.Buffers.ArrayPool<int>.Shared.Rent(Buckets);
            try
            {
                Array.Clear(counts, 0, Buckets);
                foreach (var part in parts) Count(part.Span, counts);
                int lowRank = Rank(low, count), highRank = Rank(high, count);
                Span<int> ranks = [lowRank, lowRank + 1, highRank, highRank + 1];
                Span<double> values = stackalloc double[4];
                Pick(parts, counts, count, ranks, values);
                return (Interpolate(low, count, values[0], values[1]), Interpolate(high, count, values[2], values[3]));
            }
            finally
            {
                System.Buffers.ArrayPool<int>.Shared.Return(counts);
            }
        }

        private static int Rank(double p, int count) => (int)Math.Floor(p * (count - 1));

        private static double Interpolate(double p, int count, double lowValue, double highValue)
        {
            var rank = p * (count - 1);
            var low = Math.Floor(rank);
            return Math.Round(lowValue + (rank > low ? (highValue - lowValue) * (rank - low) : 0), 2);
        }

        /// <summary>The double's bits turned so that unsigned order is numeric order (negatives flipped whole).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Key(double value)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
            return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Count(ReadOnlySpan<double> values, int[] counts)
        {
            foreach (var value in values) counts[(int)(Key(value) >> (64 - BucketBits))]++;
        }

        /// <summary>The values at the given ranks (a rank past the end repeats the last value).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Pick(IReadOnlyList<ReadOnlyMemory<double>> parts, int[] counts, int count, ReadOnlySpan<int> ranks, Span<double> values)
        {
            // Which bucket holds each rank, and the rank's place among that bucket's values.
            Span<int> bucketOf = stackalloc int[ranks.Length];
            Span<int> within = stackalloc int[ranks.Length];
            for (var r = 0; r < ranks.Length; r++)
            {
                var rank = Math.Min(ranks[r], count - 1);
                var below = 0;
                var bucket = 0;
                while (below + counts[bucket] <= rank) below += counts[bucket++];
                (bucketOf[r], within[r]) = (bucket, rank - below);
            }
            // The distinct buckets (at most as many as ranks), picked out in one more pass over the values.
            Span<int> buckets = stackalloc int[ranks.Length];
            Span<int> slot = stackalloc int[ranks.Length];
            var distinct = 0;
            for (var r = 0; r < ranks.Length; r++)
            {
                var d = buckets[..distinct].IndexOf(bucketOf[r]);
                if (d < 0) buckets[d = distinct++] = bucketOf[r];
                slot[r] = d;
            }
            // Which of them each bucket is, plus one; 0 for the buckets not wanted.
            var slotOf = System.Buffers.ArrayPool<byte>.Shared.Rent(Buckets);
            Array.Clear(slotOf, 0, Buckets);
            for (var d = 0; d < distinct; d++) slotOf[buckets[d]] = (byte)(d + 1);
            var taken = new double[distinct][];
            Span<int> filled = stackalloc int[distinct];
            for (var d = 0; d < distinct; d++) taken[d] = System.Buffers.ArrayPool<double>.Shared.Rent(counts[buckets[d]]);
            try
            {
                foreach (var part in parts)
                    foreach (var value in part.Span)
                    {
                        var wanted = slotOf[(int)(Key(value) >> (64 - BucketBits))];
                        if (wanted != 0) taken[wanted - 1][filled[wanted - 1]++] = value;
                    }
                for (var r = 0; r < ranks.Length; r++) values[r] = Select(taken[slot[r]].AsSpan(0, filled[slot[r]]), within[r]);
            }
            finally
            {
                foreach (var buffer in taken) System.Buffers.ArrayPool<double>.Shared.Return(buffer);
                System.Buffers.ArrayPool<byte>.Shared.Return(slotOf);
            }
        }

        /// <summary>The k-th smallest value, moving smaller ones left of k and larger ones right (Hoare's selection).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double Select(Span<double> values, int k)
        {
            int left = 0, right = values.Length - 1;
            while (left < right)
            {
                var pivot = MedianOfThree(values[left], values[left + (right - left) / 2], values[right]);
                int i = left, j = right;
                while (i <= j)
                {
                    while (values[i] < pivot) i++;
                    while (values[j] > pivot) j--;
                    if (i > j) break;
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
                // Now [left, j] ≤ pivot ≤ [i, right], and whatever lies between equals the pivot.
                if (k <= j) right = j;
                else if (k >= i) left = i;
                else break;
            }
            return values[k];
        }

        private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
    }

    /// <summary>The group keys of one application, as numbers (positions in the index's tables, days, months).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Keys(in FunnelFact fact, FunnelGroupBy groupBy, FunnelIndex index, Span<int> keys)
    {
        switch (groupBy)
        {
            case FunnelGroupBy.Posting: keys[0] = fact.Posting; return 1;
            case FunnelGroupBy.Company: keys[0] = index.CompanyOf(fact.Posting); return 1;
            case FunnelGroupBy.Source: keys[0] = fact.Source; return 1;
            case FunnelGroupBy.Skill:
                var skills = index.SkillSet(fact.SkillSet);
                var count = Math.Min(skills.Length, keys.Length);
                skills.AsSpan(0, count).CopyTo(keys);
                return count;
            case FunnelGroupBy.Day: keys[0] = (int)(fact.SubmittedAt / TimeSpan.TicksPerDay); return 1;
            case FunnelGroupBy.Week: keys[0] = WeekOf(fact.SubmittedAt); return 1;
            case FunnelGroupBy.Month:
                var date = new DateTime(fact.SubmittedAt, DateTimeKind.Utc);
                keys[0] = date.Year * 12 + date.Month - 1;
                return 1;
            default: keys[0] = 0; return 1;
        }
    }

    private static int WeekOf(long ticks)
    {
        var date = new DateTime(ticks, DateTimeKind.Utc);
        return ISOWeek.GetYear(date) * 100 + ISOWeek.GetWeekOfYear(date);
    }

    private static string KeyName(int key, FunnelGroupBy groupBy, FunnelIndex index) => groupBy switch
    {
        FunnelGroupBy.Posting => index.Posting(key).ToString(),
        FunnelGroupBy.Company => index.Company(key).ToString(),
        FunnelGroupBy.Skill => index.Skill(key),
        FunnelGroupBy.Source => ((ApplicationSource)key).ToString().ToUpperInvariant(),
        FunnelGroupBy.Day => new DateTime(key * TimeSpan.TicksPerDay, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        FunnelGroupBy.Week => $"{key / 100}-W{key % 100:D2}",
        FunnelGroupBy.Month => $"{key / 12:D4}-{key % 12 + 1:D2}",
        _ => "all",
    };

    /// <summary>The scope as positions in the index's tables; null when it names something no application has.</summary>
    private readonly record struct Filter(int? Company, int? Posting, int? Skill, int? Source)
    {
        public static Filter? Of(FunnelScope scope, FunnelIndex index)
        {
            int? company = null, posting = null, skill = null;
            if (scope.CompanyId is { } c && (company = index.CompanyIndex(c)) is null) return null;
            if (scope.PostingId is { } p && (posting = index.PostingIndex(p)) is null) return null;
            if (scope.Skill is { Length: > 0 } s && (skill = index.SkillIndex(s)) is null) return null;
            return new Filter(company, posting, skill, scope.Source is { } source ? (int)source : null);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Admits(in FunnelFact fact, FunnelIndex index) =>
            (Company is not { } c || index.CompanyOf(fact.Posting) == c) &&
            (Posting is not { } p || fact.Posting == p) &&
            (Source is not { } s || fact.Source == s) &&
            (Skill is not { } k || Array.IndexOf(index.SkillSet(fact.SkillSet), k) >= 0);
    }

    /// <summary>
    /// An application as it stood at a moment: how many of its entries (in time order, <see cref="FunnelFact.Order"/>)
    /// it had made by then, and whether it had ended.
    /// </summary>
    private readonly record struct Seen(int Entries, bool Ended);

    private sealed class Group
    {
        private readonly int[] _furthest = new int[Stages];
        private readonly int[] _entered = new int[Stages];
        private readonly StayList[] _hoursInStage = [.. Enumerable.Range(0, Stages).Select(_ => new StayList(StaySegments.Shared))];
        private readonly int[] _rejected = new int[Stages];
        private readonly int[] _withdrawn = new int[Stages];
        private readonly int[,] _reasons = new int[Stages, Reasons];
        private readonly StayList _daysToHire = new(StaySegments.Shared);
        private readonly List<Group> _slices = [];
        private int _declined;
        private bool _released;

        /// <summary>Gives the stays' segments back for the next query, with those of the slices taken in; not used after this.</summary>
        public void Release()
        {
            if (_released) return;
            _released = true;
            foreach (var stays in _hoursInStage) stays.Release();
            _daysToHire.Release();
            foreach (var slice in _slices) slice.Release();
        }

        public int Applications { get; private set; }

        /// <summary>
        /// Takes in what another slice of the facts counted for the same key. Its stays are kept where they are and
        /// read beside this group's own when the percentiles are selected.
        /// </summary>
        public void Add(Group other)
        {
            Applications += other.Applications;
            _declined += other._declined;
            _slices.Add(other);
            for (var stage = 0; stage < Stages; stage++)
            {
                _furthest[stage] += other._furthest[stage];
                _entered[stage] += other._entered[stage];
                _rejected[stage] += other._rejected[stage];
                _withdrawn[stage] += other._withdrawn[stage];
                for (var reason = 0; reason < Reasons; reason++) _reasons[stage, reason] += other._reasons[stage, reason];
            }
        }

        /// <summary>Moves into a stage inside the window count whenever the application was submitted.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddActivity(in FunnelFact fact, Seen seen, (long From, long To) window)
        {
            for (var i = 0; i < seen.Entries; i++)
            {
                var stage = fact.EntryStage(i);
                var at = fact.Entered[stage];
                if (at >= window.From && at < window.To) _entered[stage]++;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddToCohort(in FunnelFact fact, Seen seen)
        {
            Applications++;
            var furthest = 0;
            // Completed stays: a stage entered and then left, by the next entry or by the ending.
            for (var i = 0; i < seen.Entries; i++)
            {
                var stage = fact.EntryStage(i);
                furthest = Math.Max(furthest, stage);
                if (stage == Hired) continue;
                var left = i + 1 < seen.Entries ? fact.Entered[fact.EntryStage(i + 1)] : seen.Ended ? fact.EndedAt : 0;
                if (left != 0) _hoursInStage[stage].Add((double)(left - fact.Entered[stage]) / TimeSpan.TicksPerHour);
            }
            _furthest[furthest]++;
            if (!seen.Ended) return;
            switch ((ApplicationStatus)fact.Outcome)
            {
                case ApplicationStatus.Rejected:
                    _rejected[fact.EndedAtStage]++;
                    _reasons[fact.EndedAtStage, fact.Reason == FunnelFact.None ? (int)RejectionReason.Other : fact.Reason]++;
                    break;
                case ApplicationStatus.Withdrawn:
                    _withdrawn[fact.EndedAtStage]++;
                    break;
                case ApplicationStatus.Hired:
                    _daysToHire.Add((double)(fact.EndedAt - fact.SubmittedAt) / TimeSpan.TicksPerDay);
                    break;
                case ApplicationStatus.OfferDeclined:
                    _declined++;
                    break;
            }
        }

        /// <summary>The parts of one list of stays of this group and of the same list of each slice taken in.</summary>
        private List<ReadOnlyMemory<double>> Stays(Func<Group, StayList> of)
        {
            var parts = new List<ReadOnlyMemory<double>>();
            of(this).AddPartsTo(parts);
            foreach (var slice in _slices) of(slice).AddPartsTo(parts);
            return parts;
        }

        public FunnelGroup Result(string key)
        {
            var suppressed = Applications < MinimumGroupSize;
            var reached = new int[Stages + 1];
            for (var stage = Stages - 1; stage >= 0; stage--) reached[stage] = reached[stage + 1] + _furthest[stage];

            // Each stage's stays are selected on their own, so large groups use every core.
            var hours = new (double? Median, double? P90)[Stages];
            if (!suppressed)
                Parallel.For(0, Stages, stage => hours[stage] = Percentiles.Of(Stays(g => g._hoursInStage[stage]), 0.5, 0.9));
            var stages = Enumerable.Range(0, Stages).Select(stage => new FunnelStage((Stage)stage, reached[stage], _entered[stage],
                stage == Hired || reached[stage] == 0 ? null : Math.Round((double)reached[stage + 1] / reached[stage], 4),
                hours[stage].Median, hours[stage].P90)).ToList();
            var dropOff = Enumerable.Range(0, Hired).Select(stage => new DropOff((Stage)stage, _rejected[stage], _withdrawn[stage],
                [.. Enumerable.Range(0, Reasons).Where(r => _reasons[stage, r] > 0)
                    .Select(r => new ReasonCount((RejectionReason)r, _reasons[stage, r]))])).ToList();
            var daysToHire = Stays(g => g._daysToHire);
            var hired = daysToHire.Sum(part => part.Length);
            return new FunnelGroup(key, Applications, stages, dropOff,
                suppressed ? null : Percentiles.Of(daysToHire, 0.5, 0.5).Low,
                hired + _declined == 0 ? null : Math.Round((double)hired / (hired + _declined), 4),
                suppressed);
        }
    }
}
