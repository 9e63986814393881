using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Feedback.Submissions;

namespace Marketplace.Domain.Tests.Submissions;

/// <summary>
/// The copy check by meaning decides on vectors, whatever made them: here, unit vectors along axes, so a passage is
/// said again exactly when it points where a passage of the other work points.
/// </summary>
public class when_checking_for_copies_by_meaning
{
    private static readonly MeaningThresholds Thresholds = new(Passage: 0.7, Share: 0.2, Words: 40);
    private static readonly Guid ChallengeId = Guid.Parse("0197f000-0000-7000-8000-00000000c4a1");
    private static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    private static readonly Guid EarlierCandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d2");
    private static readonly Guid SubmissionId = SubmissionIds.For(ChallengeId, CandidateId, 1);
    private static readonly Guid EarlierId = SubmissionIds.For(ChallengeId, EarlierCandidateId, 1);

    private static SubmissionReceived Received() => new(SubmissionId, ChallengeId, CandidateId, null, "microservices", 1, Thorough, null, Spec.Now);

    private static float[] Axis(int axis)
    {
        var vector = new float[8];
        vector[axis] = 1;
        return vector;
    }

    /// <summary>A passage pointing along <paramref name="axis"/>, of <paramref name="words"/> words.</summary>
    private static PassageVector P(int axis, int words) => new(Axis(axis), words);

    private static ComparedMeaning Mine(params PassageVector[] passages) => new(SubmissionId, CandidateId, Spec.Now, passages);

    private static ComparedMeaning Theirs(params PassageVector[] passages) => new(EarlierId, EarlierCandidateId, Spec.Now.AddHours(-1), passages);

    /// <summary>The submission's text and shingles share nothing with the earlier work's: only meaning can find the copy.</summary>
    private static IReadOnlyList<ComparedWork> Wording() =>
        [new(SubmissionId, CandidateId, Spec.Now, Similarity.Shingles(Thorough)), new(EarlierId, EarlierCandidateId, Spec.Now.AddHours(-1), Similarity.Shingles(Thin))];

    [Fact]
    public void work_whose_passages_say_what_earlier_work_says_is_flagged_by_meaning_with_the_share_said_again() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Wording(), 0.8, [Mine(P(0, 60), P(1, 40), P(2, 100)), Theirs(P(1, 30), P(0, 50), P(5, 80))], Thresholds))
            .Then(new SubmissionFlagged(SubmissionId, ChallengeId, EarlierId, 0.5, FlagReason.Meaning));

    [Fact]
    public void the_same_wording_is_flagged_as_literal_even_when_the_meaning_matches_too() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s,
                [new(SubmissionId, CandidateId, Spec.Now, Similarity.Shingles(Thorough)), new(EarlierId, EarlierCandidateId, Spec.Now.AddHours(-1), Similarity.Shingles(Thorough))],
                0.8, [Mine(P(0, 60)), Theirs(P(0, 60))], Thresholds))
            .Then(new SubmissionFlagged(SubmissionId, ChallengeId, EarlierId, 1.0, FlagReason.Literal));

    [Theory]
    [InlineData(40, 200)] // a fifth of the work is not reached
    [InlineData(30, 0)] // all of it, but 30 words: two short answers making the same point
    public void too_little_said_again_is_no_copy(int saidWords, int ownWords) =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Wording(), 0.8, [Mine(P(0, saidWords), P(3, ownWords)), Theirs(P(0, 60))], Thresholds))
            .ThenNothing();

    [Fact]
    public void a_passage_less_alike_than_the_passage_threshold_is_not_said_again()
    {
        var apart = new float[8];
        apart[0] = 0.69f;
        apart[1] = MathF.Sqrt(1 - 0.69f * 0.69f);
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Wording(), 0.8, [Mine(P(0, 200)), Theirs(new PassageVector(apart, 200))], Thresholds))
            .ThenNothing();
    }

    [Fact]
    public void the_candidates_own_earlier_work_and_later_work_are_no_copies() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Wording(), 0.8,
                [Mine(P(0, 100)), Theirs(P(0, 100)) with { CandidateId = CandidateId }, Theirs(P(0, 100)) with { Id = Guid.NewGuid(), SubmittedAt = Spec.Now.AddHours(1) }],
                Thresholds))
            .ThenNothing();

    [Fact]
    public void the_earlier_work_that_says_most_of_it_is_the_one_named_then_the_earliest()
    {
        var most = Guid.NewGuid();
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Wording(), 0.8,
                [Mine(P(0, 50), P(1, 50)), Theirs(P(0, 50)), Theirs(P(0, 50), P(1, 50)) with { Id = most, SubmittedAt = Spec.Now.AddMinutes(-5) }],
                Thresholds))
            .Then(new SubmissionFlagged(SubmissionId, ChallengeId, most, 1.0, FlagReason.Meaning));
    }

    [Fact]
    public void without_thresholds_for_meaning_only_the_wording_is_compared() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Wording(), 0.8))
            .ThenNothing();

    [Fact]
    public void a_flag_stored_before_the_meaning_check_reads_as_literal()
    {
        var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
        var old = JsonSerializer.Deserialize<SubmissionFlagged>(
            $$"""{"SubmissionId":"{{SubmissionId}}","ChallengeId":"{{ChallengeId}}","SimilarTo":"{{EarlierId}}","Similarity":0.93}""", options)!;
        old.ShouldBe(new SubmissionFlagged(SubmissionId, ChallengeId, EarlierId, 0.93, FlagReason.Literal));
    }
}
