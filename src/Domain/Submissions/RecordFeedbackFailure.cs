using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Submissions;

/// <summary>Sent by the failure policy when the feedback job has run out of retries.</summary>
public sealed record RecordFeedbackFailure(Guid SubmissionId, string Reason);

[AggregateHandler]
public static class RecordFeedbackFailureHandler
{
    public static (Events, OutgoingMessages) Handle(RecordFeedbackFailure message, Submission? submission) =>
        submission is { Status: SubmissionStatus.FeedbackPending }
            ? ([new FeedbackFailed(submission.Id, submission.ChallengeId, submission.CandidateId, message.Reason)], [submission.CopyCheck()])
            : ([], []);
}
