using Marketplace.Api.Analytics;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// A packed fact keeps its stage entries in time order, so that what an application had done by a moment is a prefix
/// of them; the funnel reads that prefix instead of sorting the entries again for every application of every query.
/// </summary>
public class funnel_facts
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static FunnelFact Packed(params (Stage Stage, int Hours)[] entries)
    {
        var timeline = new ApplicationTimeline { Id = Guid.NewGuid(), SubmittedAt = Monday };
        timeline.Entries.AddRange(entries.Select(e => new StageEntry(e.Stage, Monday.AddHours(e.Hours))));
        return FunnelFact.From(timeline, posting: 0, skillSet: 0);
    }

    private static int[] Stages(FunnelFact fact) => [.. Enumerable.Range(0, fact.Entries).Select(fact.EntryStage)];

    [Fact]
    public void entries_are_kept_in_the_order_they_happened_even_when_that_is_not_the_stage_order()
    {
        // Each move is stamped by the clock of the node that handled it: a clock set back between two moves on two nodes
        // records the later stage as entered earlier.
        var fact = Packed((Stage.Applied, 0), (Stage.Screening, 30), (Stage.Interview, 20), (Stage.Offer, 40));

        Stages(fact).ShouldBe([(int)Stage.Applied, (int)Stage.Interview, (int)Stage.Screening, (int)Stage.Offer]);
    }

    [Fact]
    public void entries_at_the_same_moment_keep_the_stage_order()
    {
        var fact = Packed((Stage.Applied, 0), (Stage.Screening, 0), (Stage.Interview, 5));

        Stages(fact).ShouldBe([(int)Stage.Applied, (int)Stage.Screening, (int)Stage.Interview]);
    }

    [Fact]
    public void what_had_happened_by_a_moment_is_the_entries_up_to_it()
    {
        var fact = Packed((Stage.Applied, 0), (Stage.Screening, 30), (Stage.Interview, 20), (Stage.Offer, 40));

        fact.EntriesBy(Monday.AddHours(-1).UtcTicks).ShouldBe(0);
        fact.EntriesBy(Monday.UtcTicks).ShouldBe(1);
        fact.EntriesBy(Monday.AddHours(25).UtcTicks).ShouldBe(2);
        fact.EntriesBy(Monday.AddHours(30).UtcTicks).ShouldBe(3);
        fact.EntriesBy(long.MaxValue).ShouldBe(4);
    }

    [Fact]
    public void a_fact_takes_72_bytes_so_a_million_fit_the_memory_budget()
    {
        // docs/performance.md: 382 MB after the funnel calls with 80-byte facts, against a budget of 400 MB.
        System.Runtime.CompilerServices.Unsafe.SizeOf<FunnelFact>().ShouldBe(72);
    }
}
