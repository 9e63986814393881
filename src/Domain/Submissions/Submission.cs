using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Domain.Submissions;

public enum SubmissionStatus { FeedbackPending, FeedbackReady, FeedbackFailed, Withdrawn }

/// <summary>One attempt of a candidate at a challenge; carries what readers need (owner, skill) so projections look nowhere else.</summary>
public sealed record SubmissionReceived(
    Guid SubmissionId,
    Guid ChallengeId,
    Guid CandidateId,
    Guid? OwnerCompanyId,
    string Skill,
    int Attempt,
    string? Content,
    string? RepositoryUrl,
    DateTimeOffset SubmittedAt)
{
    /// <summary>What stands for the content once its candidate's data is erased (docs/security.md).</summary>
    public const string ErasedContent = "[erased at the candidate's request]";
}

public sealed record FeedbackGenerated(
    Guid SubmissionId,
    Guid ChallengeId,
    Guid CandidateId,
    string Reviewer,
    int RubricVersion,
    int OverallScore,
    string Summary,
    IReadOnlyList<CriterionFeedback> Criteria);

public sealed record FeedbackFailed(Guid SubmissionId, Guid ChallengeId, Guid CandidateId, string Reason);

/// <summary>Which check found a near-copy: the same wording (<see cref="ComparedWork"/>) or the same passages in other words (<see cref="ComparedMeaning"/>).</summary>
public enum FlagReason { Literal, Meaning }

/// <summary>
/// A near-copy of <paramref name="SimilarTo"/>: the Jaccard of their shingles when <paramref name="Reason"/> is literal, the
/// share of the work said again when it is meaning. Flags written before the meaning check have no reason: literal.
/// </summary>
public sealed record SubmissionFlagged(Guid SubmissionId, Guid ChallengeId, Guid SimilarTo, double Similarity, FlagReason Reason = FlagReason.Literal);

public sealed record SubmissionFlagReviewed(Guid SubmissionId, Guid ChallengeId, bool Confirmed, string? Note);

public sealed record SubmissionWithdrawn(Guid SubmissionId, Guid ChallengeId, Guid CandidateId, DateTimeOffset WithdrawnAt);

public sealed record Submission(
    Guid Id,
    Guid ChallengeId,
    Guid CandidateId,
    Guid? OwnerCompanyId,
    SubmissionStatus Status,
    string? Content,
    string? RepositoryUrl,
    bool Flagged,
    bool? FlagConfirmed)
{
    public int Version { get; set; }

    public DateTimeOffset SubmittedAt { get; init; }

    public static Submission Create(SubmissionReceived e) =>
        new(e.SubmissionId, e.ChallengeId, e.CandidateId, e.OwnerCompanyId, SubmissionStatus.FeedbackPending, e.Content, e.RepositoryUrl, false, null)
        {
            SubmittedAt = e.SubmittedAt,
        };

    public Submission Apply(FeedbackGenerated _) => this with { Status = SubmissionStatus.FeedbackReady };

    public Submission Apply(FeedbackFailed _) => this with { Status = SubmissionStatus.FeedbackFailed };

    public Submission Apply(SubmissionFlagged _) => this with { Flagged = true };

    public Submission Apply(SubmissionFlagReviewed e) => this with { FlagConfirmed = e.Confirmed };

    public Submission Apply(SubmissionWithdrawn _) => this with { Status = SubmissionStatus.Withdrawn };

    public CheckForCopies CopyCheck() => new(Id, ChallengeId, CandidateId);
}
