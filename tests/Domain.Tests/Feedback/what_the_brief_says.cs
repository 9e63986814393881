using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Domain.Tests.Feedback;

/// <summary>The copy check compares what is left of each passage once the directions of the challenge's brief are taken out.</summary>
public class what_the_brief_says
{
    private static float[] V(params float[] values) => values;

    [Fact]
    public void what_lies_in_the_briefs_span_leaves_nothing_and_what_lies_outside_it_is_kept()
    {
        var brief = BriefSubspace.Of([V(1, 0, 0, 0), V(0.6f, 0.8f, 0, 0)]);
        brief.Without(V(0.28f, 0.96f, 0, 0)).ShouldAllBe(x => Math.Abs(x) < 1e-6);
        brief.Without(V(0, 0, 1, 0)).ShouldBe(V(0, 0, 1, 0));
    }

    [Fact]
    public void two_passages_alike_only_in_what_the_brief_asks_are_far_apart_once_it_is_taken_out()
    {
        var brief = BriefSubspace.Of([V(1, 0, 0, 0)]);
        var (a, b) = (V(0.8f, 0.6f, 0, 0), V(0.8f, 0, 0.6f, 0));
        Cosine.Of(a, b).ShouldBe(0.64f, 1e-6f);
        Cosine.Of(brief.Without(a), brief.Without(b)).ShouldBe(0f, 1e-6f);
    }

    [Fact]
    public void the_rest_is_at_unit_length_and_a_repeated_direction_adds_nothing()
    {
        var brief = BriefSubspace.Of([V(1, 0, 0, 0), V(1, 0, 0, 0)]);
        var rest = brief.Without(V(0.6f, 0.8f, 0, 0));
        rest.ShouldBe(V(0, 1, 0, 0));
        BriefSubspace.None.Without(V(0.6f, 0.8f, 0, 0)).ShouldBe(V(0.6f, 0.8f, 0, 0));
    }
}
