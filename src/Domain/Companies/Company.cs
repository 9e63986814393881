namespace Marketplace.Domain.Companies;

/// <summary>Registered by an administrator: approved at once.</summary>
public sealed record CompanyRegistered(Guid CompanyId, string Name, string Slug, string? Website);

/// <summary>Registered by a signed-in account, who becomes its owner once an administrator approves it.</summary>
public sealed record CompanyRequested(Guid CompanyId, string Name, string Slug, string? Website, Guid OwnerAccountId, string OwnerEmail);

public sealed record CompanyApproved(Guid CompanyId, Guid? OwnerAccountId, DateTimeOffset At);

public sealed record MemberInvited(Guid CompanyId, Guid InvitationId, string Email, CompanyRole Role, Guid InvitedBy, DateTimeOffset ExpiresAt);

public sealed record MemberInvitationCancelled(Guid CompanyId, Guid InvitationId);

public sealed record MemberJoined(Guid CompanyId, Guid AccountId, string Email, CompanyRole Role, Guid? InvitationId, DateTimeOffset At);

public sealed record MemberRoleChanged(Guid CompanyId, Guid AccountId, CompanyRole Role, Guid ChangedBy);

public sealed record MemberRemoved(Guid CompanyId, Guid AccountId, Guid RemovedBy);

public sealed record Member(Guid AccountId, string Email, CompanyRole Role);

public sealed record PendingMember(Guid InvitationId, string Email, CompanyRole Role, DateTimeOffset ExpiresAt);

public sealed record Company(Guid Id, string Name, string Slug, string? Website, bool Approved)
{
    public int Version { get; set; }

    public IReadOnlyList<Member> Members { get; init; } = [];

    public IReadOnlyList<PendingMember> Invitations { get; init; } = [];

    public static Company Create(CompanyRegistered e) => new(e.CompanyId, e.Name, e.Slug, e.Website, Approved: true);

    public static Company Create(CompanyRequested e) =>
        new(e.CompanyId, e.Name, e.Slug, e.Website, Approved: false) { Members = [new Member(e.OwnerAccountId, e.OwnerEmail, CompanyRole.Owner)] };

    public Company Apply(CompanyApproved e) => this with { Approved = true };

    public Company Apply(MemberInvited e) =>
        this with { Invitations = [.. Invitations.Where(i => !Team.SameEmail(i.Email, e.Email)), new PendingMember(e.InvitationId, e.Email, e.Role, e.ExpiresAt)] };

    public Company Apply(MemberInvitationCancelled e) => this with { Invitations = [.. Invitations.Where(i => i.InvitationId != e.InvitationId)] };

    public Company Apply(MemberJoined e) => this with
    {
        Members = [.. Members, new Member(e.AccountId, e.Email, e.Role)],
        Invitations = [.. Invitations.Where(i => i.InvitationId != e.InvitationId)],
    };

    public Company Apply(MemberRoleChanged e) =>
        this with { Members = [.. Members.Select(m => m.AccountId == e.AccountId ? m with { Role = e.Role } : m)] };

    public Company Apply(MemberRemoved e) => this with { Members = [.. Members.Where(m => m.AccountId != e.AccountId)] };

    public Member? MemberOf(Guid accountId) => Members.FirstOrDefault(m => m.AccountId == accountId);
}
