using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Submissions;

/// <summary>Asks the feedback reviewer to score a submission; runs on the durable feedback queue.</summary>
public sealed record ReviewSubmission(Guid SubmissionId, Guid ChallengeId);

/// <summary>
/// The feedback job: asks the reviewer and records its review against the rubric version it read. A review that
/// cannot be had throws; the job's failure policy retries with backoff and finally records <see cref="FeedbackFailed"/>.
/// The copy check follows the review rather than running beside it: both append to the submission's stream, and a
/// review that lost that race would ask the reviewer again.
/// </summary>
[AggregateHandler]
public static class ReviewSubmissionHandler
{
    public static Task<Challenge?> LoadAsync(ReviewSubmission message, IDocumentSession session, CancellationToken cancellation) =>
        session.Events.AggregateStreamAsync<Challenge>(message.ChallengeId, token: cancellation);

    public static async Task<(Events, OutgoingMessages)> Handle(ReviewSubmission message, Submission? submission, Challenge? challenge,
        IFeedbackReviewer reviewer, CancellationToken cancellation)
    {
        // Withdrawn, reviewed already (a redelivery), or gone: nothing to do.
        if (submission is not { Status: SubmissionStatus.FeedbackPending or SubmissionStatus.FeedbackFailed } || challenge is null) return ([], []);

        var review = await reviewer.ReviewAsync(new ReviewRequest(submission.Id, challenge.Details.Title, challenge.Details.Brief,
            challenge.RubricVersion, challenge.Details.Rubric, submission.Content, submission.RepositoryUrl), cancellation);
        return ([new FeedbackGenerated(submission.Id, submission.ChallengeId, submission.CandidateId, review.Reviewer,
            review.RubricVersion, review.OverallScore, review.Summary, review.Criteria)], [submission.CopyCheck()]);
    }
}
