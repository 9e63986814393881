using Marketplace.Domain.Applications;
using Marketplace.Projections.Common;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Applications;

/// <summary>An application as its candidate and the posting's company see it; one document per stream, inline.</summary>
public sealed class ApplicationView : IListed
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid PostingId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid CandidateId { get; set; }
    public Stage Stage { get; set; }
    public ApplicationStatus Status { get; set; }
    public ApplicationSource Source { get; set; }
    public string? CoverNote { get; set; }
    public List<Guid> Evidence { get; set; } = [];
    public bool BlindReview { get; set; }
    public Guid? InvitationId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset ListedAt { get; set; }
}

public partial class ApplicationViewProjection : SingleStreamProjection<ApplicationView, Guid>
{
    public ApplicationView Create(ApplicationSubmitted e) => First(e);

    /// <summary>
    /// The view of a stream that holds only its first event, as this projection stores it (Marten numbers that version
    /// 1): a new application is answered from it without reading it back.
    /// </summary>
    public static ApplicationView First(ApplicationSubmitted e) => new()
    {
        Id = e.ApplicationId,
        Version = 1,
        PostingId = e.PostingId,
        CompanyId = e.CompanyId,
        CandidateId = e.CandidateId,
        Stage = Stage.Applied,
        Status = ApplicationStatus.Active,
        Source = e.Source,
        CoverNote = e.CoverNote,
        Evidence = [.. e.Evidence],
        BlindReview = e.BlindReview,
        InvitationId = e.InvitationId,
        SubmittedAt = e.At,
        ListedAt = Timestamps.Micro(e.At),
    };

    public void Apply(ApplicationAdvanced e, ApplicationView view) => view.Stage = e.To;
    public void Apply(OfferExtended _, ApplicationView view) => view.Stage = Stage.Offer;
    public void Apply(ApplicationRejected _, ApplicationView view) => view.Status = ApplicationStatus.Rejected;
    public void Apply(ApplicationWithdrawn _, ApplicationView view) => view.Status = ApplicationStatus.Withdrawn;
    public void Apply(OfferDeclined _, ApplicationView view) => view.Status = ApplicationStatus.OfferDeclined;
    public void Apply(ApplicationClosed _, ApplicationView view) => view.Status = ApplicationStatus.Closed;

    public void Apply(OfferAccepted _, ApplicationView view)
    {
        view.Stage = Stage.Hired;
        view.Status = ApplicationStatus.Hired;
    }
}
