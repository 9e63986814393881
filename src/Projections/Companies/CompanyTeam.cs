using JasperFx.Events;
using Marketplace.Domain.Companies;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Companies;

public sealed record TeamMember(Guid AccountId, string Email, CompanyRole Role, DateTimeOffset JoinedAt);

public sealed record TeamInvitation(Guid InvitationId, string Email, CompanyRole Role, DateTimeOffset ExpiresAt);

/// <summary>A company's members and open invitations, as its team page and <c>team</c> show them.</summary>
public sealed class CompanyTeam
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public List<TeamMember> Members { get; set; } = [];
    public List<TeamInvitation> Invitations { get; set; } = [];
}

public partial class CompanyTeamProjection : SingleStreamProjection<CompanyTeam, Guid>
{
    public CompanyTeam Create(CompanyRegistered e) => new() { Id = e.CompanyId };

    public CompanyTeam Create(IEvent<CompanyRequested> e) => new()
    {
        Id = e.Data.CompanyId,
        Members = [new TeamMember(e.Data.OwnerAccountId, e.Data.OwnerEmail, CompanyRole.Owner, Common.Timestamps.Micro(e.Timestamp))],
    };

    public void Apply(MemberInvited e, CompanyTeam team)
    {
        team.Invitations.RemoveAll(i => Team.SameEmail(i.Email, e.Email));
        team.Invitations.Add(new TeamInvitation(e.InvitationId, e.Email, e.Role, e.ExpiresAt));
    }

    public void Apply(MemberInvitationCancelled e, CompanyTeam team) => team.Invitations.RemoveAll(i => i.InvitationId == e.InvitationId);

    public void Apply(MemberJoined e, CompanyTeam team)
    {
        team.Invitations.RemoveAll(i => i.InvitationId == e.InvitationId);
        team.Members.Add(new TeamMember(e.AccountId, e.Email, e.Role, e.At));
    }

    public void Apply(MemberRoleChanged e, CompanyTeam team)
    {
        var index = team.Members.FindIndex(m => m.AccountId == e.AccountId);
        if (index >= 0) team.Members[index] = team.Members[index] with { Role = e.Role };
    }

    public void Apply(MemberRemoved e, CompanyTeam team) => team.Members.RemoveAll(m => m.AccountId == e.AccountId);
}
