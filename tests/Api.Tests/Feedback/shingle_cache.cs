using Marketplace.Api.Submissions.Feedback;
using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Api.Tests.Feedback;

public class shingle_cache
{
    private const string Original = "we keep one deployable and model the warehouse as an event log with nightly reconciliation";

    [Fact]
    public void a_text_is_shingled_once_per_submission()
    {
        var cache = new ShingleCache();
        var id = Guid.NewGuid();
        var first = cache.Of(id, Original);
        first.ShouldBe(Similarity.Shingles(Original));
        cache.Of(id, Original).ShouldBeSameAs(first);
    }

    [Fact]
    public void a_text_masked_by_erasure_is_compared_by_its_masked_words_only()
    {
        var cache = new ShingleCache();
        var id = Guid.NewGuid();
        cache.Of(id, Original);
        const string masked = "[erased at the candidate's request]";
        cache.Of(id, masked).ShouldBe(Similarity.Shingles(masked));
        Similarity.Jaccard(cache.Of(id, masked), Similarity.Shingles(Original)).ShouldBe(0);
    }

    [Fact]
    public void what_was_shingled_is_known_without_its_text()
    {
        var cache = new ShingleCache();
        var id = Guid.NewGuid();
        cache.Known(id).ShouldBeNull("the copy check reads the text of work it has not met");
        var shingles = cache.Of(id, Original);
        cache.Known(id).ShouldBeSameAs(shingles);
    }
}
