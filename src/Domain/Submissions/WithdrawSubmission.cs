using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Submissions;

public sealed record WithdrawSubmission(Guid SubmissionId, Guid CandidateId, int? ExpectedVersion);

[AggregateHandler]
public static class WithdrawSubmissionHandler
{
    public static Events Handle(WithdrawSubmission command, Submission? submission, DateTimeOffset now)
    {
        if (submission is null || submission.CandidateId != command.CandidateId) throw new NotFound("Submission", command.SubmissionId);
        Versioning.MustMatch(command.ExpectedVersion, submission.Version);
        return submission.Status == SubmissionStatus.Withdrawn
            ? []
            : [new SubmissionWithdrawn(submission.Id, submission.ChallengeId, submission.CandidateId, now)];
    }
}
