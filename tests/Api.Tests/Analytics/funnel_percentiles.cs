using Marketplace.Api.Analytics;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>The funnel selects percentiles in linear time; they must equal the sorted-list definition exactly.</summary>
public class funnel_percentiles
{
    private static double? BySorting(List<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return Math.Round(sorted[low] + (sorted[high] - sorted[low]) * (rank - low), 2);
    }

    [Fact]
    public void selection_agrees_with_sorting_on_random_ties_and_small_lists()
    {
        var random = new Random(7);
        for (var round = 0; round < 500; round++)
        {
            var count = random.Next(0, round < 100 ? 6 : 300);
            // Few distinct values in half the rounds, so ties and runs of equal values are common.
            var spread = round % 2 == 0 ? 4 : 10_000;
            var values = Enumerable.Range(0, count).Select(_ => (double)random.Next(spread) + random.Next(4) * 0.25).ToList();
            foreach (var p in new[] { 0.0, 0.5, 0.9, 1.0 })
                FunnelCalculator.Percentile([.. values], p).ShouldBe(BySorting(values, p), $"round {round}, p {p}, [{string.Join(", ", values)}]");
        }
    }

    [Fact]
    public void percentiles_of_several_lists_are_those_of_their_union()
    {
        // Stays of a group are split over the slices that counted them; the radix selection reads them where they lie.
        // Wide spreads put values in many buckets, narrow ones pile them into one; negatives sort below zero.
        var random = new Random(11);
        for (var round = 0; round < 300; round++)
        {
            var spread = new[] { 1e-3, 3, 500, 1e6 }[round % 4];
            var lists = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Enumerable.Range(0, random.Next(0, 400))
                .Select(_ => (random.NextDouble() - (round % 5 == 0 ? 0.5 : 0)) * spread).ToList()).ToList();
            var union = lists.SelectMany(list => list).ToList();
            var (median, p90) = FunnelCalculator.Percentiles.Of([.. lists.Select(list => (ReadOnlyMemory<double>)list.ToArray())], 0.5, 0.9);
            median.ShouldBe(BySorting(union, 0.5), $"round {round}");
            p90.ShouldBe(BySorting(union, 0.9), $"round {round}");
        }
    }

    [Fact]
    public void a_worked_example_interpolates_between_the_closest_ranks()
    {
        FunnelCalculator.Percentile([170, 20, 72, 48], 0.5).ShouldBe(60);
        FunnelCalculator.Percentile([170, 20, 72, 48], 0.9).ShouldBe(140.6);
        FunnelCalculator.Percentile([], 0.5).ShouldBeNull();
    }
}

/// <summary>Large funnels are computed in slices across cores and merged: the merge must not change a figure.</summary>
public class funnel_slices(AppFixture app)
{
    [Theory]
    [InlineData(FunnelGroupBy.None, false)]
    [InlineData(FunnelGroupBy.Company, false)]
    [InlineData(FunnelGroupBy.Day, true)]
    [InlineData(FunnelGroupBy.Skill, true)]
    public async Task sliced_and_whole_passes_give_the_same_funnel(FunnelGroupBy groupBy, bool asOf)
    {
        // Scoped to this test's own company: other test classes write histories on the same host meanwhile.
        var history = new GoldenHistory();
        await history.Write(app.Store);
        await app.ReadModelsCaughtUp();
        var request = new FunnelRequest(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
            asOf ? new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero) : null, false, groupBy);
        var index = app.Host.Services.GetRequiredService<FunnelIndex>();

        var scope = new FunnelScope(CompanyId: history.Company);
        var whole = await index.Read(view => FunnelCalculator.Calculate(request, scope, view, parallelFrom: int.MaxValue), default);
        var sliced = await index.Read(view => FunnelCalculator.Calculate(request, scope, view, parallelFrom: 1), default);

        whole.Groups.Sum(g => g.Applications).ShouldBeGreaterThan(0);
        System.Text.Json.JsonSerializer.Serialize(sliced).ShouldBe(System.Text.Json.JsonSerializer.Serialize(whole));
    }

    /// <summary>Queries reuse their lists of stays (docs/performance.md): nothing one query collected may reach the next.</summary>
    [Fact]
    public async Task a_funnel_is_the_same_before_and_after_other_funnels_and_beside_them()
    {
        var history = new GoldenHistory();
        await history.Write(app.Store);
        await app.ReadModelsCaughtUp();
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var index = app.Host.Services.GetRequiredService<FunnelIndex>();
        // The compared answer is scoped to this test's company (other test classes write histories meanwhile); the
        // funnels around and beside it are not, so they collect stays of every application.
        var mine = new FunnelScope(CompanyId: history.Company);
        Task<string> Answer(FunnelRequest request, FunnelScope? scope = null) => index.Read(view =>
            System.Text.Json.JsonSerializer.Serialize(FunnelCalculator.Calculate(request, scope ?? new FunnelScope(), view, parallelFrom: 1)), default);

        var byPosting = new FunnelRequest(from, to, null, false, FunnelGroupBy.Posting);
        var first = await Answer(byPosting, mine);
        foreach (var groupBy in Enum.GetValues<FunnelGroupBy>()) await Answer(new FunnelRequest(from, to, null, false, groupBy));
        (await Answer(byPosting, mine)).ShouldBe(first);
        var together = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => i % 2 == 0 ? Answer(byPosting, mine) : Answer(new FunnelRequest(from, to, null, true, FunnelGroupBy.Day)))));
        together.Where((_, i) => i % 2 == 0).ShouldAllBe(answer => answer == first);
    }

    /// <summary>
    /// Loading grows the index's arrays as it goes (1,024 facts to start, then by half): an index that grew while it
    /// loaded must hold what a roomy one holds. Growing once stored a fact into the array just replaced, and the load
    /// failed and started again until the arrays happened to be large enough.
    /// </summary>
    [Fact]
    public async Task an_index_that_grows_while_it_loads_holds_every_application()
    {
        var history = new GoldenHistory();
        await history.Write(app.Store);
        await app.ReadModelsCaughtUp();
        var small = new FunnelIndex(app.Store, NullLogger<FunnelIndex>.Instance) { InitialCapacity = 2 };
        var roomy = new FunnelIndex(app.Store, NullLogger<FunnelIndex>.Instance) { InitialCapacity = 1 << 16 };

        var grown = await ByPosting(small, history.Company);
        grown.ShouldBe(await ByPosting(roomy, history.Company));
        grown.ShouldContain("\"Applications\":9,");
    }

    /// <summary>
    /// The index keeps its facts in id order and finds new ones through a small map until it merges them in
    /// (docs/performance.md): an index that caught up through merges must hold what one loaded afresh holds.
    /// </summary>
    [Fact]
    public async Task an_index_that_merged_new_applications_answers_as_one_loaded_afresh()
    {
        var first = new GoldenHistory();
        await first.Write(app.Store);
        await app.ReadModelsCaughtUp();
        var kept = new FunnelIndex(app.Store, NullLogger<FunnelIndex>.Instance) { MergeFrom = 1 };
        await kept.CatchUp(default);

        var later = new GoldenHistory();
        await later.Write(app.Store);
        await new GoldenHistory().Write(app.Store);
        await app.ReadModelsCaughtUp();
        await kept.CatchUp(default);
        kept.Unmerged.ShouldBe(0, "the new applications were merged into the id order");

        // A change to an application that now lies in the merged order must update it, not add it again.
        await using (var session = app.Store.LightweightSession())
        {
            // The nine timelines of the posting (A1-A9), read once the async projection has written them all.
            var timelines = await Eventually.Until(() => session.Query<ApplicationTimeline>().Where(t => t.PostingId == later.Posting).ToListAsync(),
                all => all.Count == 9);
            var active = timelines.Where(t => t.Outcome == null).ToList();
            active.ShouldNotBeEmpty();
            foreach (var timeline in active)
                session.Events.Append(timeline.Id, new ApplicationWithdrawn(timeline.Id, later.Posting, later.Company,
                    timeline.Entries[^1].Stage, null, timeline.Entries[^1].At.AddHours(1)));
            await session.SaveChangesAsync();
        }
        await using (var session = app.Store.QuerySession())
            await Eventually.Until(() => session.Query<ApplicationTimeline>().CountAsync(t => t.PostingId == later.Posting && t.Outcome == null),
                stillActive => stillActive == 0);
        await kept.CatchUp(default);
        var fresh = new FunnelIndex(app.Store, NullLogger<FunnelIndex>.Instance);

        foreach (var company in new[] { first.Company, later.Company })
            (await ByPosting(kept, company)).ShouldBe(await ByPosting(fresh, company));
        var answer = await ByPosting(kept, later.Company);
        answer.ShouldContain(later.Posting.ToString());
        answer.ShouldContain("\"Applications\":9,");
    }

    /// <summary>
    /// The golden histories' funnel by posting, scoped to one company: other test classes write histories on the same
    /// host meanwhile.
    /// </summary>
    private static Task<string> ByPosting(FunnelIndex index, Guid company)
    {
        var request = new FunnelRequest(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
            null, false, FunnelGroupBy.Posting);
        return index.Read(view =>
            System.Text.Json.JsonSerializer.Serialize(FunnelCalculator.Calculate(request, new FunnelScope(CompanyId: company), view)), default);
    }
}
