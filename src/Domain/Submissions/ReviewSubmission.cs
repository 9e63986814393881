using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Domain.Submissions;

/// <summary>
/// Asks the feedback reviewer to score a submission and checks it for near-copies, in one job on the durable feedback
/// queue; the job's handler finds the earlier work to compare (it reads projections) and lives in the Api.
/// </summary>
public sealed record ReviewSubmission(Guid SubmissionId, Guid ChallengeId);

/// <summary>
/// The feedback job's decisions: whether a submission still waits for its review, what the reviewer is asked, and the
/// review it records against the rubric version it read. A review that cannot be had throws; the job's failure policy
/// retries with backoff and finally records <see cref="FeedbackFailed"/>.
/// </summary>
public static class Reviewing
{
    /// <summary>Withdrawn, reviewed already (a redelivery), or gone: nothing to do.</summary>
    public static bool Awaits(Submission? submission, Challenge? challenge) =>
        submission is { Status: SubmissionStatus.FeedbackPending or SubmissionStatus.FeedbackFailed } && challenge is not null;

    public static ReviewRequest Request(Submission submission, Challenge challenge) =>
        new(submission.Id, challenge.Details.Title, challenge.Details.Brief, challenge.RubricVersion, challenge.Details.Rubric,
            submission.Content, submission.RepositoryUrl);

    public static FeedbackGenerated Recorded(Submission submission, Review review) =>
        new(submission.Id, submission.ChallengeId, submission.CandidateId, review.Reviewer, review.RubricVersion,
            review.OverallScore, review.Summary, review.Criteria);
}
