using Marketplace.Api.Meaning;
using Shouldly;

namespace Marketplace.Api.Tests.Matching;

/// <summary>The index's packed vectors: nearest by weighted similarity, slots reused without holes, weights and floors obeyed.</summary>
public class vector_table
{
    private static float[] Axis(int axis, float lean = 0)
    {
        var vector = new float[384];
        vector[axis] = 1;
        vector[(axis + 1) % 384] = lean;
        var norm = MathF.Sqrt(1 + lean * lean);
        return [.. vector.Select(x => x / norm)];
    }

    [Fact]
    public void the_nearest_come_best_first_weighed_and_above_the_floor()
    {
        var table = new VectorTable<int>(capacity: 2);
        var (same, close, far, skipped) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        table.Set(same, Axis(0), 1);
        table.Set(close, Axis(0, lean: 1), 1);
        table.Set(far, Axis(5), 1);
        table.Set(skipped, Axis(0), 0);

        var found = table.Nearest(Axis(0), 10, weight => weight, floor: 0.1f);

        found.Select(m => m.Id).ShouldBe([same, close], "the far one is below the floor, the one weighed 0 is passed over");
        found[0].Score.ShouldBe(1f, 0.0001f);
        found[1].Score.ShouldBe(MathF.Sqrt(0.5f), 0.0001f);
        table.Nearest(Axis(0), 1, _ => 1).Select(m => m.Id).ShouldBeSubsetOf([same, skipped]);
        table.Nearest(Axis(0), 10, _ => 0.5f).First().Score.ShouldBe(0.5f, 0.0001f);
    }

    [Fact]
    public void a_removed_slot_is_filled_by_the_last_and_a_set_again_replaces()
    {
        var table = new VectorTable<int>(capacity: 2);
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < ids.Count; i++) table.Set(ids[i], Axis(i), i);

        table.Remove(ids[3]);
        table.Remove(Guid.NewGuid());
        table.Set(ids[7], Axis(100), 700);

        table.Count.ShouldBe(39);
        table.TryGet(ids[3], out _, out _).ShouldBeFalse();
        table.TryGet(ids[39], out var moved, out var facts).ShouldBeTrue();
        (moved[39], facts).ShouldBe((1f, 39), "the last slot moved into the removed one, vector and facts");
        table.TryGet(ids[7], out var replaced, out var replacedFacts).ShouldBeTrue();
        (replaced[100], replacedFacts).ShouldBe((1f, 700));
        table.Nearest(Axis(39), 1, _ => 1).Single().Id.ShouldBe(ids[39]);
    }
}
