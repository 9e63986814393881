using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Api.Submissions.Feedback;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;
using Shouldly;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>One model for the class: loading it takes a few hundred milliseconds.</summary>
public sealed class EncoderFixture : IDisposable
{
    public TextEncoder Encoder { get; } = new();
    public void Dispose() => Encoder.Dispose();
}

/// <summary>
/// Golden answers to the demo challenge "Outbox Relay for Shipment Scan Events": a strong answer in the rubric's words,
/// the same answer in other words, and a bare list of the rubric's terms (tests/Api.Tests/Feedback/Golden). The rules
/// reviewer scored them 69, 27 and 30; the semantic reviewer must see that the paraphrase says the same.
/// </summary>
public class semantic_reviewer(EncoderFixture fixture, ITestOutputHelper output) : IClassFixture<EncoderFixture>
{
    private static readonly Criterion[] Rubric =
    [
        new("transactional-outbox", "Writes the scan and its outbox row in one database transaction and explains how the relay publishes, marks and retries rows", 0.4),
        new("idempotent-consumer", "Consumer deduplicates redelivered messages by message id or version and preserves ordering per parcel key", 0.35),
        new("failure-testing", "Automated test or experiment that simulates a crash between commit and publish and proves no event is lost", 0.25),
    ];

    private static string Golden(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Feedback", "Golden", name));

    private Task<Review> Review(string content, IFeedbackReviewer? reviewer = null) =>
        (reviewer ?? new SemanticReviewer(fixture.Encoder, TimeProvider.System)).ReviewAsync(
            new ReviewRequest(Guid.NewGuid(), "Outbox Relay for Shipment Scan Events", "", 1, Rubric, content, null), CancellationToken.None);

    [Fact]
    public async Task a_paraphrased_strong_answer_scores_within_ten_percent_of_its_literal_twin_and_above_a_keyword_list()
    {
        var literal = await Review(Golden("outbox-literal.md"));
        var paraphrase = await Review(Golden("outbox-paraphrase.md"));
        var keywords = await Review(Golden("outbox-keywords.md"));
        var rules = await Task.WhenAll(new[] { "outbox-literal.md", "outbox-paraphrase.md", "outbox-keywords.md" }
            .Select(name => Review(Golden(name), new RubricReviewer())));
        output.WriteLine($"FIGURES semantic: literal {literal.OverallScore}, paraphrase {paraphrase.OverallScore}, keywords {keywords.OverallScore}; " +
                         $"rules: {string.Join(", ", rules.Select(r => r.OverallScore))}");
        foreach (var name in new[] { "outbox-literal.md", "outbox-paraphrase.md", "outbox-keywords.md" })
        {
            var passages = Passages.Of(Golden(name));
            var vectors = fixture.Encoder.Encode([.. passages.Select(p => p.Meaning)]);
            var similarities = SemanticReviewer.Similarities(fixture.Encoder.Encode([.. Rubric.Select(SemanticReviewer.Query)]), passages, vectors);
            output.WriteLine($"{name}: best similarity per criterion " + string.Join(", ", Rubric.Select((c, i) =>
                $"{c.Key} {SemanticReviewer.Best(similarities[i]).Similarity:0.000}")));
        }

        literal.Reviewer.ShouldBe(SemanticReviewer.Id);
        paraphrase.OverallScore.ShouldBeGreaterThanOrEqualTo((int)Math.Floor(literal.OverallScore * 0.9));
        paraphrase.OverallScore.ShouldBeGreaterThan(keywords.OverallScore);
        literal.OverallScore.ShouldBeGreaterThan(keywords.OverallScore);
        keywords.OverallScore.ShouldBeLessThan(50, "a list of terms explains nothing");
    }

    [Theory]
    [InlineData("outbox-literal.md")]
    [InlineData("outbox-paraphrase.md")]
    [InlineData("outbox-keywords.md")]
    public async Task each_comment_quotes_a_real_passage_or_names_what_is_missing(string name)
    {
        var content = Golden(name);
        var review = await Review(content);
        foreach (var criterion in review.Criteria)
        {
            var quoted = System.Text.RegularExpressions.Regex.Match(criterion.Comment, "“(.+?)(…)?”");
            if (quoted.Success)
                content.ShouldContain(quoted.Groups[1].Value, customMessage: $"{criterion.Key} quotes the work");
            else
                criterion.Comment.ShouldStartWith("Not yet addressed", customMessage: criterion.Key);
        }
    }

    [Fact]
    public async Task the_same_input_gives_the_same_feedback_twice()
    {
        var first = await Review(Golden("outbox-paraphrase.md"));
        // A model of its own, so the second review is encoded again rather than taken from the first's recent vectors.
        using var again = new TextEncoder();
        var second = await Review(Golden("outbox-paraphrase.md"), new SemanticReviewer(again, TimeProvider.System));
        second.ShouldBeEquivalentTo(first);
        again.Counts.Encoded.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("outbox-literal.md")]
    [InlineData("outbox-paraphrase.md")]
    public async Task given_the_passages_the_feedback_job_encoded_it_writes_the_review_it_would_write_alone(string name)
    {
        var content = Golden(name);
        var alone = await Review(content);
        var vectors = fixture.Encoder.Encode([.. Passages.Of(content).Select(p => p.Meaning)]);
        var given = await new SemanticReviewer(fixture.Encoder, TimeProvider.System).ReviewAsync(
            new ReviewRequest(Guid.NewGuid(), "Outbox Relay for Shipment Scan Events", "", 1, Rubric, content, null, vectors), CancellationToken.None);
        given.ShouldBeEquivalentTo(alone);
    }

    [Fact]
    public async Task work_that_misses_a_criterion_is_told_what_is_missing()
    {
        var review = await Review("""
            ## Outbox
            The scan and its outbox row are written in one database transaction. A relay publishes each row to Kafka,
            marks it as sent, and retries failed rows with backoff until the broker accepts them. We chose polling over
            change data capture because it needs no extra infrastructure, at the cost of a little latency.
            """);
        var testing = review.Criteria.Single(c => c.Key == "failure-testing");
        testing.Comment.ShouldStartWith("Not yet addressed");
        testing.Score.ShouldBeLessThan(review.Criteria.Single(c => c.Key == "transactional-outbox").Score);
    }
}
