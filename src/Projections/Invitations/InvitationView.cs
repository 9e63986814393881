using Marketplace.Domain.Invitations;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Invitations;

public sealed class InvitationView
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid PostingId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid CandidateId { get; set; }
    public Guid? SubmissionId { get; set; }
    public string? Message { get; set; }
    public InvitationStatus Status { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public Guid? ApplicationId { get; set; }
}

public partial class InvitationViewProjection : SingleStreamProjection<InvitationView, Guid>
{
    public InvitationView Create(InvitationSent e) => new()
    {
        Id = e.InvitationId,
        PostingId = e.PostingId,
        CompanyId = e.CompanyId,
        CandidateId = e.CandidateId,
        SubmissionId = e.SubmissionId,
        Message = e.Message,
        Status = InvitationStatus.Pending,
        SentAt = e.SentAt,
        ExpiresAt = e.ExpiresAt,
    };

    public void Apply(InvitationAccepted e, InvitationView view)
    {
        view.Status = InvitationStatus.Accepted;
        view.ApplicationId = e.ApplicationId;
    }

    public void Apply(InvitationDeclined _, InvitationView view) => view.Status = InvitationStatus.Declined;
    public void Apply(InvitationExpired _, InvitationView view) => view.Status = InvitationStatus.Expired;
}
