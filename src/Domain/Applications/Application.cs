namespace Marketplace.Domain.Applications;

public enum Stage { Applied, Screening, Interview, Offer, Hired }

public enum ApplicationStatus { Active, Hired, Rejected, Withdrawn, Closed, OfferDeclined }

public enum ApplicationSource { Direct, Invitation }

public enum RejectionReason { SkillsMismatch, ExperienceLevel, SalaryExpectations, Location, PositionFilled, NotResponsive, Other }

/// <summary>
/// Application events carry their business time (<c>At</c>): the funnel measures time in stage from it, and
/// imported history keeps the moment things happened rather than the moment they were stored.
/// </summary>
public sealed record ApplicationSubmitted(
    Guid ApplicationId, Guid PostingId, Guid CompanyId, Guid CandidateId, ApplicationSource Source, string? CoverNote,
    IReadOnlyList<Guid> Evidence, IReadOnlyList<string> Skills, bool BlindReview, Guid? InvitationId, DateTimeOffset At);

public sealed record ApplicationAdvanced(
    Guid ApplicationId, Guid PostingId, Guid CompanyId, Stage From, Stage To, IReadOnlyList<Stage> Skipped, string? Note, string By, DateTimeOffset At);

public sealed record ApplicationRejected(
    Guid ApplicationId, Guid PostingId, Guid CompanyId, Stage Stage, RejectionReason Reason, string? Note, string By, DateTimeOffset At);

public sealed record ApplicationWithdrawn(Guid ApplicationId, Guid PostingId, Guid CompanyId, Stage Stage, string? Note, DateTimeOffset At);

public sealed record OfferExtended(
    Guid ApplicationId, Guid PostingId, Guid CompanyId, Stage From, IReadOnlyList<Stage> Skipped, string? Note, string By, DateTimeOffset At);

public sealed record OfferAccepted(Guid ApplicationId, Guid PostingId, Guid CompanyId, Guid CandidateId, DateTimeOffset At);

public sealed record OfferDeclined(Guid ApplicationId, Guid PostingId, Guid CompanyId, string? Note, DateTimeOffset At);

/// <summary>The posting closed while the application was active.</summary>
public sealed record ApplicationClosed(Guid ApplicationId, Guid PostingId, Guid CompanyId, Stage Stage, string Reason, DateTimeOffset At);

public sealed record Application(Guid Id, Guid PostingId, Guid CompanyId, Guid CandidateId, Stage Stage, ApplicationStatus Status)
{
    public int Version { get; set; }

    public bool IsActive => Status == ApplicationStatus.Active;

    public static Application Create(ApplicationSubmitted e) =>
        new(e.ApplicationId, e.PostingId, e.CompanyId, e.CandidateId, Stage.Applied, ApplicationStatus.Active);

    public Application Apply(ApplicationAdvanced e) => this with { Stage = e.To };
    public Application Apply(ApplicationRejected _) => this with { Status = ApplicationStatus.Rejected };
    public Application Apply(ApplicationWithdrawn _) => this with { Status = ApplicationStatus.Withdrawn };
    public Application Apply(OfferExtended _) => this with { Stage = Stage.Offer };
    public Application Apply(OfferAccepted _) => this with { Stage = Stage.Hired, Status = ApplicationStatus.Hired };
    public Application Apply(OfferDeclined _) => this with { Status = ApplicationStatus.OfferDeclined };
    public Application Apply(ApplicationClosed _) => this with { Status = ApplicationStatus.Closed };
}
