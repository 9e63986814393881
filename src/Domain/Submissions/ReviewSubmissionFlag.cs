using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Submissions;

/// <summary>The challenge's owner confirms or dismisses a near-duplicate flag; the flag never rejects anything by itself.</summary>
public sealed record ReviewSubmissionFlag(Guid SubmissionId, Guid? OwnerCompanyId, int? ExpectedVersion, bool Confirmed, string? Note);

[AggregateHandler]
public static class ReviewSubmissionFlagHandler
{
    public static void Validate(ReviewSubmissionFlag command) => Input.OptionalText("note", command.Note, 1000);

    public static Events Handle(ReviewSubmissionFlag command, Submission? submission)
    {
        // Submission ids derive from (challenge, candidate, attempt): a non-owner learns nothing, not even that it exists.
        if (submission is null || submission.OwnerCompanyId != command.OwnerCompanyId) throw new NotFound("Submission", command.SubmissionId);
        Versioning.MustMatch(command.ExpectedVersion, submission.Version);
        if (!submission.Flagged) throw new RuleViolation("This submission is not flagged.");
        return submission.FlagConfirmed == command.Confirmed
            ? []
            : [new SubmissionFlagReviewed(submission.Id, submission.ChallengeId, command.Confirmed, command.Note)];
    }
}
