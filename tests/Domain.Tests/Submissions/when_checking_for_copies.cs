using Marketplace.Domain.Submissions;
using Marketplace.Domain.Tests.Support;
using static Marketplace.Domain.Tests.Feedback.Submissions;

namespace Marketplace.Domain.Tests.Submissions;

public class when_checking_for_copies
{
    private const double Threshold = 0.8;
    private static readonly Guid ChallengeId = Guid.Parse("0197f000-0000-7000-8000-00000000c4a1");
    private static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    private static readonly Guid EarlierCandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d2");
    private static readonly Guid SubmissionId = SubmissionIds.For(ChallengeId, CandidateId, 1);
    private static readonly Guid EarlierId = SubmissionIds.For(ChallengeId, EarlierCandidateId, 1);

    private static SubmissionReceived Received(string? content = Thorough) =>
        new(SubmissionId, ChallengeId, CandidateId, null, "microservices", 1, content, null, Spec.Now);

    private static ComparedWork Work(Guid id, Guid candidateId, DateTimeOffset at, string text) => new(id, candidateId, at, Similarity.Shingles(text));

    /// <summary>The submission, and another candidate's work an hour before it.</summary>
    private static IReadOnlyList<ComparedWork> Compared(string earlier, Guid? earlierCandidate = null) =>
        [Work(SubmissionId, CandidateId, Spec.Now, Thorough), Work(EarlierId, earlierCandidate ?? EarlierCandidateId, Spec.Now.AddHours(-1), earlier)];

    [Fact]
    public void near_copy_of_earlier_work_by_another_candidate_is_flagged() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Compared(Thorough), Threshold))
            .Then(new SubmissionFlagged(SubmissionId, ChallengeId, EarlierId, 1.0));

    [Fact]
    public void work_below_the_threshold_is_not_flagged() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Compared(Thin), Threshold))
            .ThenNothing();

    [Fact]
    public void the_candidates_own_earlier_work_is_no_copy() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, Compared(Thorough, earlierCandidate: CandidateId), Threshold))
            .ThenNothing();

    [Fact]
    public void a_submission_flagged_already_is_not_flagged_again() =>
        Spec.Given<Submission>(Received(), new SubmissionFlagged(SubmissionId, ChallengeId, EarlierId, 1.0))
            .When(s => NearCopyCheck.Decide(s, Compared(Thorough), Threshold))
            .ThenNothing();

    [Fact]
    public void a_submission_without_text_has_nothing_to_compare() =>
        Spec.Given<Submission>(Received(content: null))
            .When(s => NearCopyCheck.Decide(s, Compared(Thorough), Threshold))
            .ThenNothing();

    [Fact]
    public void a_submission_missing_from_the_work_compared_is_not_decided_on() =>
        Spec.Given<Submission>(Received())
            .When(s => NearCopyCheck.Decide(s, [Work(EarlierId, EarlierCandidateId, Spec.Now.AddHours(-1), Thorough)], Threshold))
            .ThenNothing();
}
