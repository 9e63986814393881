using JasperFx.Events;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Submissions;

public sealed record FeedbackView(string Reviewer, int RubricVersion, int OverallScore, string Summary, List<CriterionFeedback> Criteria);

/// <summary>One attempt as its candidate and the challenge's owner see it; updated inline.</summary>
public sealed class SubmissionView
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ChallengeId { get; set; }
    public Guid CandidateId { get; set; }
    public Guid? OwnerCompanyId { get; set; }
    public string Skill { get; set; } = "";
    public int Attempt { get; set; }
    public SubmissionStatus Status { get; set; }
    public string? Content { get; set; }
    public string? RepositoryUrl { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public FeedbackView? Feedback { get; set; }
    public string? FailureReason { get; set; }
    public bool Flagged { get; set; }
    public double? Similarity { get; set; }
    public Guid? SimilarTo { get; set; }
    public FlagReason? FlagReason { get; set; }
    public bool? FlagConfirmed { get; set; }
    public string? FlagNote { get; set; }
}

public partial class SubmissionViewProjection : SingleStreamProjection<SubmissionView, Guid>
{
    public SubmissionView Create(SubmissionReceived e) => First(e);

    /// <summary>
    /// The view of a stream that holds only its first event, as this projection stores it (Marten numbers that version
    /// 1): a new submission is answered from it without reading it back.
    /// </summary>
    public static SubmissionView First(SubmissionReceived e) => new()
    {
        Id = e.SubmissionId,
        Version = 1,
        ChallengeId = e.ChallengeId,
        CandidateId = e.CandidateId,
        OwnerCompanyId = e.OwnerCompanyId,
        Skill = e.Skill,
        Attempt = e.Attempt,
        Content = e.Content,
        RepositoryUrl = e.RepositoryUrl,
        SubmittedAt = Common.Timestamps.Micro(e.SubmittedAt),
        Status = SubmissionStatus.FeedbackPending,
    };

    public void Apply(FeedbackGenerated e, SubmissionView view)
    {
        view.Status = SubmissionStatus.FeedbackReady;
        view.FailureReason = null;
        view.Feedback = new FeedbackView(e.Reviewer, e.RubricVersion, e.OverallScore, e.Summary, [.. e.Criteria]);
    }

    public void Apply(FeedbackFailed e, SubmissionView view)
    {
        view.Status = SubmissionStatus.FeedbackFailed;
        view.FailureReason = e.Reason;
    }

    public void Apply(SubmissionFlagged e, SubmissionView view)
    {
        view.Flagged = true;
        view.Similarity = e.Similarity;
        view.SimilarTo = e.SimilarTo;
        view.FlagReason = e.Reason;
    }

    public void Apply(SubmissionFlagReviewed e, SubmissionView view)
    {
        view.FlagConfirmed = e.Confirmed;
        view.FlagNote = e.Note;
    }

    public void Apply(SubmissionWithdrawn e, SubmissionView view) => view.Status = SubmissionStatus.Withdrawn;
}
