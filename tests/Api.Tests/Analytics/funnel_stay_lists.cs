using Marketplace.Api.Analytics;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// A funnel query collects millions of stays. Its lists are made of pooled segments below the large object heap, so
/// a query of a size seen before allocates none and leaves no garbage behind (docs/performance.md, round 9).
/// </summary>
public class funnel_stay_lists
{
    private static double[] Read(StayList list)
    {
        var parts = new List<ReadOnlyMemory<double>>();
        list.AddPartsTo(parts);
        return [.. parts.SelectMany(part => part.ToArray())];
    }

    [Fact]
    public void values_come_back_in_the_order_they_were_added_from_segments_below_the_large_object_heap()
    {
        var list = new StayList(new StaySegments());
        var values = Enumerable.Range(0, 50_000).Select(i => i * 0.5).ToArray();
        foreach (var value in values) list.Add(value);

        list.Count.ShouldBe(values.Length);
        Read(list).ShouldBe(values);
        var parts = new List<ReadOnlyMemory<double>>();
        list.AddPartsTo(parts);
        parts.ShouldAllBe(part => part.Length * sizeof(double) < 85_000);
    }

    [Fact]
    public void a_list_filled_again_from_its_pool_allocates_no_new_segments()
    {
        var segments = new StaySegments();
        void Fill(int count)
        {
            var list = new StayList(segments);
            for (var i = 0; i < count; i++) list.Add(i);
            list.Release();
        }
        Fill(1_000_000);
        segments.Kept.ShouldBeGreaterThanOrEqualTo(1_000_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Fill(1_000_000);
        // A million stays are 8 MB; all that is new is the list and its table of segments.
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(16_000);
    }

    [Fact]
    public void a_released_list_is_empty_and_the_next_one_reads_only_its_own_values()
    {
        var segments = new StaySegments();
        var first = new StayList(segments);
        for (var i = 0; i < 10_000; i++) first.Add(-1);
        first.Release();
        first.Count.ShouldBe(0);
        Read(first).ShouldBeEmpty();

        var next = new StayList(segments);
        for (var i = 0; i < 100; i++) next.Add(i);
        Read(next).ShouldBe(Enumerable.Range(0, 100).Select(i => (double)i));
    }

    [Fact]
    public void the_pool_keeps_no_more_than_its_bound()
    {
        var segments = new StaySegments(mostKept: 20_000);
        var list = new StayList(segments);
        for (var i = 0; i < 200_000; i++) list.Add(i);
        list.Release();

        segments.Kept.ShouldBeInRange(20_000 - StaySegments.LargestLength, 20_000);
    }
}
