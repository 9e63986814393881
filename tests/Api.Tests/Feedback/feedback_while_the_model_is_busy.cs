using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Api.Submissions.Feedback;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Shouldly;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>
/// The sentence model encodes a few submissions a second on its one low-priority thread, and a node takes submissions by
/// the hundred (docs/adr/0037): a feedback job uses it only when it would have the vectors within
/// <see cref="FeedbackOptions.MeaningWithin"/> of the submission; otherwise the rules review the work and copies are
/// checked by their words.
/// </summary>
public class feedback_while_the_model_is_busy(EncoderFixture fixture) : IClassFixture<EncoderFixture>
{
    private static readonly Criterion[] Rubric =
    [
        new("transactional-outbox", "Writes the scan and its outbox row in one database transaction and explains how the relay publishes", 0.5),
        new("idempotent-consumer", "Consumer deduplicates redelivered messages by message id and preserves ordering per parcel key", 0.5),
    ];

    private const string Work = """
        The scan and its outbox row are written in one transaction, so a crash between them loses neither.

        The relay reads unpublished rows in order, publishes them and marks them sent; a failed publish is retried.

        Consumers keep the ids of the messages they handled, so a message delivered twice changes nothing.
        """;

    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task the_model_is_free_within_a_short_wait_only_when_nothing_long_is_queued_for_it()
    {
        var encoder = fixture.Encoder;
        await encoder.EncodeAsync(["warm the model up"]);
        encoder.FreeWithin(Short).ShouldBeTrue("nothing waits for the model");

        var occupied = Occupy(encoder);
        await Until(() => !encoder.FreeWithin(Short));
        encoder.FreeWithin(TimeSpan.FromHours(1)).ShouldBeTrue("an hour is long enough for what is queued");
        await occupied;
        encoder.FreeWithin(Short).ShouldBeTrue("the queue drained");
    }

    [Fact]
    public async Task a_review_due_before_the_model_would_answer_is_written_by_the_rules_and_says_so_and_by_meaning_when_it_would()
    {
        var encoder = fixture.Encoder;
        var reviewer = new SemanticReviewer(encoder, TimeProvider.System);
        var rules = await new RubricReviewer().ReviewAsync(Request(), CancellationToken.None);

        var occupied = Occupy(encoder);
        await Until(() => !encoder.FreeWithin(Short));
        var busy = await reviewer.ReviewAsync(Request(), CancellationToken.None);
        await occupied;
        var free = await reviewer.ReviewAsync(Request(DateTimeOffset.UtcNow.AddMinutes(1)), CancellationToken.None);
        var late = await reviewer.ReviewAsync(Request(DateTimeOffset.UtcNow.AddSeconds(-1)), CancellationToken.None);

        busy.Reviewer.ShouldBe(RubricReviewer.Id);
        busy.OverallScore.ShouldBe(rules.OverallScore);
        busy.Criteria.Select(c => c.Comment).ShouldBe(rules.Criteria.Select(c => c.Comment));
        free.Reviewer.ShouldBe(SemanticReviewer.Id);
        late.Reviewer.ShouldBe(RubricReviewer.Id, "its time had run out before it started");
    }

    [Fact]
    public async Task the_feedback_job_checks_copies_by_meaning_only_when_the_model_answers_in_time()
    {
        var encoder = fixture.Encoder;
        CopiesByMeaning Within(TimeSpan wait) =>
            new(encoder, new ChallengeWholes(), new FeedbackOptions { MeaningWithin = wait }, TimeProvider.System);
        var (quick, patient) = (Within(Short), Within(TimeSpan.FromMinutes(1)));

        var occupied = Occupy(encoder);
        await Until(() => !encoder.FreeWithin(Short));
        var busy = await quick.EncodeInTime(Submitted(DateTimeOffset.UtcNow), CancellationToken.None);
        await occupied;
        var free = await patient.EncodeInTime(Submitted(DateTimeOffset.UtcNow), CancellationToken.None);
        var late = await patient.EncodeInTime(Submitted(DateTimeOffset.UtcNow.AddMinutes(-2)), CancellationToken.None);

        busy.ShouldBeNull();
        free.ShouldNotBeNull().Passages.Count.ShouldBe(3);
        free.Vectors.Length.ShouldBe(3);
        late.ShouldBeNull("a job that starts after its time reviews the work without the model");
    }

    private static ReviewRequest Request(DateTimeOffset? answerBy = null) =>
        new(Guid.NewGuid(), "Outbox Relay", "", 1, Rubric, Work, null, AnswerBy: answerBy ?? DateTimeOffset.UtcNow + Short);

    private static Submission Submitted(DateTimeOffset at) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, SubmissionStatus.FeedbackPending, Work, null, false, null) { SubmittedAt = at };

    /// <summary>Texts never met before, enough to keep the model busy for seconds, encoded on another thread.</summary>
    private static Task Occupy(TextEncoder encoder)
    {
        var texts = Enumerable.Range(0, 120)
            .Select(i => $"Passage {Guid.NewGuid():N} number {i}: the relay retries publishing the outbox rows it could not send.")
            .ToArray();
        return Task.Run(() => encoder.Encode(texts));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the model never looked busy");
            await Task.Delay(5);
        }
    }
}
