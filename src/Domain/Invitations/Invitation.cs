namespace Marketplace.Domain.Invitations;

public enum InvitationStatus { Pending, Accepted, Declined, Expired }

public sealed record InvitationSent(
    Guid InvitationId, Guid PostingId, Guid CompanyId, Guid CandidateId, Guid? SubmissionId, string? Message,
    DateTimeOffset SentAt, DateTimeOffset ExpiresAt);

public sealed record InvitationAccepted(Guid InvitationId, Guid PostingId, Guid CandidateId, Guid ApplicationId, DateTimeOffset At);

public sealed record InvitationDeclined(Guid InvitationId, Guid PostingId, Guid CandidateId, DateTimeOffset At);

public sealed record InvitationExpired(Guid InvitationId, Guid PostingId, Guid CandidateId, string Reason, DateTimeOffset At);

public sealed record Invitation(Guid Id, Guid PostingId, Guid CompanyId, Guid CandidateId, InvitationStatus Status)
{
    public const int LifetimeDays = 14;

    public int Version { get; set; }

    /// <summary>One invitation per candidate and posting: inviting twice finds the first.</summary>
    public static Guid IdFor(Guid postingId, Guid candidateId) => Common.DerivedIds.From($"invitation/{postingId:N}/{candidateId:N}");

    public static Invitation Create(InvitationSent e) => new(e.InvitationId, e.PostingId, e.CompanyId, e.CandidateId, InvitationStatus.Pending);
    public Invitation Apply(InvitationAccepted _) => this with { Status = InvitationStatus.Accepted };
    public Invitation Apply(InvitationDeclined _) => this with { Status = InvitationStatus.Declined };
    public Invitation Apply(InvitationExpired _) => this with { Status = InvitationStatus.Expired };
}
