using System.Runtime.CompilerServices;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;

namespace Marketplace.Api.Analytics;

/// <summary>
/// One application's timeline packed into 72 bytes for the in-memory funnel index: times as UTC ticks (0 when the stage
/// was never entered), the posting and skill set as positions in the index's intern tables (the company is the
/// posting's, <see cref="FunnelIndex.CompanyOf"/>), and the stages it entered in the order it entered them, so a
/// funnel query does not sort them again for every application.
/// </summary>
public struct FunnelFact
{
    public const int StageCount = 5;
    public const sbyte None = -1;

    public long SubmittedAt;
    public StageTimes Entered;
    public long EndedAt;
    public int Posting;
    public int SkillSet;
    public byte Source;
    public sbyte Outcome;
    public sbyte EndedAtStage;
    public sbyte Reason;
    /// <summary>How many stages were entered.</summary>
    public byte Entries;
    /// <summary>The stages entered, by time and then stage, three bits each from the lowest (<see cref="EntryStage"/>).</summary>
    public ushort Order;

    [InlineArray(StageCount)]
    public struct StageTimes
    {
        private long _first;
    }

    public static FunnelFact From(ApplicationTimeline timeline, int posting, int skillSet)
    {
        var fact = new FunnelFact
        {
            SubmittedAt = timeline.SubmittedAt.UtcTicks,
            EndedAt = timeline.EndedAt?.UtcTicks ?? 0,
            Posting = posting,
            SkillSet = skillSet,
            Source = (byte)timeline.Source,
            Outcome = timeline.Outcome is { } outcome ? (sbyte)outcome : None,
            EndedAtStage = timeline.EndedAtStage is { } stage ? (sbyte)stage : None,
            Reason = timeline.Reason is { } reason ? (sbyte)reason : None,
        };
        // Stages only move forward, so each is entered at most once; a repeat would keep the later time.
        foreach (var entry in timeline.Entries) fact.Entered[(int)entry.Stage] = entry.At.UtcTicks;
        fact.OrderEntries();
        return fact;
    }

    /// <summary>Sets <see cref="Entries"/> and <see cref="Order"/> from the entry times.</summary>
    public void OrderEntries()
    {
        Span<int> order = stackalloc int[StageCount];
        var entries = 0;
        for (var stage = 0; stage < StageCount; stage++)
        {
            var at = Entered[stage];
            if (at == 0) continue;
            // Insertion by time, then stage: at most five entries.
            var i = entries++;
            while (i > 0 && Entered[order[i - 1]] > at) { order[i] = order[i - 1]; i--; }
            order[i] = stage;
        }
        Entries = (byte)entries;
        Order = 0;
        for (var i = 0; i < entries; i++) Order |= (ushort)(order[i] << (3 * i));
    }

    /// <summary>The stage of the <paramref name="entry"/>-th entry in time order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int EntryStage(int entry) => (Order >> (3 * entry)) & 7;

    /// <summary>How many of the entries had happened by <paramref name="asOf"/>: a prefix of the entries, as they are in time order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int EntriesBy(long asOf)
    {
        var entries = 0;
        while (entries < Entries && Entered[EntryStage(entries)] <= asOf) entries++;
        return entries;
    }

    public readonly bool HasEnded => Outcome != None;
}
