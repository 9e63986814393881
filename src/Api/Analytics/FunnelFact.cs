using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;

namespace Marketplace.Api.Analytics;

/// <summary>
/// One application's timeline packed into 72 bytes for the in-memory funnel index: times as UTC ticks (0 when the stage
/// was never entered), ids and skill sets as positions in the index's intern tables.
/// </summary>
public struct FunnelFact
{
    public const int StageCount = 5;
    public const sbyte None = -1;

    public long SubmittedAt;
    public StageTimes Entered;
    public long EndedAt;
    public int Posting;
    public int Company;
    public int SkillSet;
    public byte Source;
    public sbyte Outcome;
    public sbyte EndedAtStage;
    public sbyte Reason;

    [System.Runtime.CompilerServices.InlineArray(StageCount)]
    public struct StageTimes
    {
        private long _first;
    }

    public static FunnelFact From(ApplicationTimeline timeline, int posting, int company, int skillSet)
    {
        var fact = new FunnelFact
        {
            SubmittedAt = timeline.SubmittedAt.UtcTicks,
            EndedAt = timeline.EndedAt?.UtcTicks ?? 0,
            Posting = posting,
            Company = company,
            SkillSet = skillSet,
            Source = (byte)timeline.Source,
            Outcome = timeline.Outcome is { } outcome ? (sbyte)outcome : None,
            EndedAtStage = timeline.EndedAtStage is { } stage ? (sbyte)stage : None,
            Reason = timeline.Reason is { } reason ? (sbyte)reason : None,
        };
        // Stages only move forward, so each is entered at most once; a repeat would keep the later time.
        foreach (var entry in timeline.Entries) fact.Entered[(int)entry.Stage] = entry.At.UtcTicks;
        return fact;
    }

    public readonly bool HasEnded => Outcome != None;
}
