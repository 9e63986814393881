using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Domain.Tests.Feedback;

public class similarity_between_submissions
{
    private const string Other = """
        We keep a single deployable and model the warehouse as an event log. Pickers scan items, the
        scanner emits events, and a nightly batch reconciles stock counts against supplier invoices.
        Reporting uses a columnar store refreshed every hour.
        """;

    [Fact]
    public void identical_texts_are_fully_similar() =>
        Similarity.Jaccard(Submissions.Thorough, Submissions.Thorough).ShouldBe(1.0);

    [Fact]
    public void a_copy_with_a_few_words_changed_is_a_near_copy()
    {
        var copy = Submissions.Thorough
            .Replace("exponential backoff", "geometric backoff")
            .Replace("ten consecutive", "twelve consecutive")
            .Replace("JSON", "logfmt");

        copy.ShouldNotBe(Submissions.Thorough);
        Similarity.Jaccard(Submissions.Thorough, copy).ShouldBeGreaterThan(0.8);
    }

    [Fact]
    public void markdown_punctuation_and_whitespace_do_not_matter() =>
        Similarity.Jaccard("## Retries   use *exponential* backoff, with jitter.", "retries use exponential\nbackoff with jitter")
            .ShouldBe(1.0);

    [Fact]
    public void unrelated_texts_are_not_similar() =>
        Similarity.Jaccard(Submissions.Thorough, Other).ShouldBeLessThan(0.2);

    [Fact]
    public void empty_texts_are_not_similar()
    {
        Similarity.Jaccard(null, "").ShouldBe(0);
        Similarity.Jaccard(Other, null).ShouldBe(0);
    }

    [Fact]
    public void shingles_are_stable_across_calls_and_processes()
    {
        Similarity.Shingles(Submissions.Thorough).ShouldBe(Similarity.Shingles(Submissions.Thorough), ignoreOrder: true);
        // FNV-1a 64 of "foobar", a published test vector: a randomised string hash could never produce it.
        Similarity.Shingles("Foobar!").ShouldBe([unchecked((long)0x85944171f73967e8UL)]);
    }

    [Fact]
    public void a_five_word_shingle_hashes_as_its_words_joined_by_spaces()
    {
        // The reference: FNV-1a 64 over the UTF-8 bytes of the joined 5-gram, built as a string (the old way).
        static long Reference(string shingle)
        {
            var hash = 14695981039346656037UL;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(shingle)) hash = unchecked((hash ^ b) * 1099511628211UL);
            return unchecked((long)hash);
        }
        foreach (var text in new[] { Submissions.Thorough, Other, "Ünïcode wörds größer als fünf Wörter, and repeated: a b a b a b a b" })
        {
            var words = System.Text.RegularExpressions.Regex.Matches(text, @"[\p{L}\p{Nd}]+").Select(m => m.Value.ToLowerInvariant()).ToList();
            var expected = Enumerable.Range(0, words.Count - 4).Select(i => Reference(string.Join(' ', words.GetRange(i, 5))))
                .Distinct().Order().ToArray();
            Similarity.Shingles(text).ShouldBe(expected);
        }
    }

    [Fact]
    public void short_texts_compare_word_by_word() =>
        Similarity.Jaccard("event sourcing rocks", "event sourcing rules").ShouldBe(0.5);
}
