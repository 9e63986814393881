using Marketplace.Domain.Applications;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Analytics;

/// <summary>When an application entered a stage (business time).</summary>
public sealed record StageEntry(Stage Stage, DateTimeOffset At);

/// <summary>
/// One application's path for the hiring funnel: the stages it actually entered and how it ended, with business
/// times, and nothing about the person. Built asynchronously; the funnel reads these instead of raw events.
/// </summary>
public sealed class ApplicationTimeline
{
    public Guid Id { get; set; }
    public Guid PostingId { get; set; }
    public Guid CompanyId { get; set; }
    public List<string> Skills { get; set; } = [];
    public ApplicationSource Source { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public List<StageEntry> Entries { get; set; } = [];
    public ApplicationStatus? Outcome { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public Stage? EndedAtStage { get; set; }
    public RejectionReason? Reason { get; set; }

    public void End(ApplicationStatus outcome, Stage stage, DateTimeOffset at, RejectionReason? reason = null)
    {
        Outcome = outcome;
        EndedAtStage = stage;
        EndedAt = at;
        Reason = reason;
    }
}

public partial class ApplicationTimelineProjection : SingleStreamProjection<ApplicationTimeline, Guid>
{
    public ApplicationTimeline Create(ApplicationSubmitted e) => new()
    {
        Id = e.ApplicationId,
        PostingId = e.PostingId,
        CompanyId = e.CompanyId,
        Skills = [.. e.Skills],
        Source = e.Source,
        SubmittedAt = e.At,
        Entries = [new StageEntry(Stage.Applied, e.At)],
    };

    public void Apply(ApplicationAdvanced e, ApplicationTimeline timeline) => timeline.Entries.Add(new StageEntry(e.To, e.At));
    public void Apply(OfferExtended e, ApplicationTimeline timeline) => timeline.Entries.Add(new StageEntry(Stage.Offer, e.At));

    public void Apply(OfferAccepted e, ApplicationTimeline timeline)
    {
        timeline.Entries.Add(new StageEntry(Stage.Hired, e.At));
        timeline.End(ApplicationStatus.Hired, Stage.Hired, e.At);
    }

    public void Apply(ApplicationRejected e, ApplicationTimeline timeline) => timeline.End(ApplicationStatus.Rejected, e.Stage, e.At, e.Reason);
    public void Apply(ApplicationWithdrawn e, ApplicationTimeline timeline) => timeline.End(ApplicationStatus.Withdrawn, e.Stage, e.At);
    public void Apply(OfferDeclined e, ApplicationTimeline timeline) => timeline.End(ApplicationStatus.OfferDeclined, Stage.Offer, e.At);
    public void Apply(ApplicationClosed e, ApplicationTimeline timeline) => timeline.End(ApplicationStatus.Closed, e.Stage, e.At);
}
