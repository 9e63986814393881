using Marketplace.Api.Infrastructure.Embeddings;
using Shouldly;

namespace Marketplace.Api.Tests.Meaning;

/// <summary>A text the encoder met lately is not encoded again: the feedback job, the daemon and the suite repeat texts.</summary>
public class encoding_once
{
    private const string Outbox = "The relay writes each scan to an outbox table in the same transaction as the shipment.",
        Consumers = "Consumers keep the ids they handled, so a message delivered twice changes nothing.";

    [Fact]
    public void a_text_met_again_takes_its_vector_from_memory_the_same_to_the_bit()
    {
        using var encoder = new TextEncoder();
        var first = encoder.Encode([Outbox, Consumers]);

        var again = encoder.Encode([Consumers, "A passage not met before.", Consumers]);

        encoder.Counts.ShouldBe((3L, 2L), "three texts encoded by the model, two found among the recent ones");
        again[0].ShouldBe(first[1]);
        again[2].ShouldBe(first[1]);
        again[0][0] = 42;
        encoder.Encode([Consumers])[0].ShouldBe(first[1], "callers get copies: what one changes, the next does not see");
    }

    [Fact]
    public void memory_is_bounded_by_two_generations_and_a_text_used_again_stays()
    {
        var recent = new RecentVectors(4);
        recent.Add("a", [1]);
        recent.Add("b", [2]);
        recent.Add("c", [3]);
        recent.Find("a").ShouldBe([1f], "a moved to the older generation and is carried back into the newer");
        recent.Add("d", [4]);

        recent.Find("b").ShouldBeNull("b was in the older generation, dropped when the newer filled again");
        recent.Find("a").ShouldBe([1f]);
        recent.Find("c").ShouldBe([3f]);
        recent.Find("d").ShouldBe([4f]);
    }
}
