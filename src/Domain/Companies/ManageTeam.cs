using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Companies;

/// <param name="By">The account inviting: an owner or admin of the company (an administrator of the platform when registering it).</param>
/// <param name="Site">Where the invitee's link points: the site the invitation was made on.</param>
public sealed record InviteMember(Guid CompanyId, Guid InvitationId, string Email, CompanyRole Role, Guid By, string Site);

/// <summary>Mail the invitee their link; sent after the invitation commits, through the outbox.</summary>
public sealed record MailMemberInvitation(Guid CompanyId, Guid InvitationId, string Email, CompanyRole Role, string Site);

[AggregateHandler]
public static class InviteMemberHandler
{
    public static void Validate(InviteMember command)
    {
        Input.Text("email", command.Email, 3, 254);
        if (!System.Net.Mail.MailAddress.TryCreate(command.Email.Trim(), out var address) || address.Address != command.Email.Trim())
            throw new ValidationFailed("email", "email must be an address such as name@example.com.");
    }

    public static (Events, OutgoingMessages) Handle(InviteMember command, Company? company, DateTimeOffset now)
    {
        var (current, manager) = company.ManagedBy(command.CompanyId, command.By);
        if (command.Role == CompanyRole.Owner && manager.Role != CompanyRole.Owner)
            throw new Forbidden("Only an owner invites another owner.");
        if (current.Members.Any(m => Team.SameEmail(m.Email, command.Email)))
            throw new RuleViolation($"{command.Email.Trim()} is a member of the company already.");
        return ([Invited(command, now)], [Mail(command)]);
    }

    public static MailMemberInvitation Mail(InviteMember command) =>
        new(command.CompanyId, command.InvitationId, command.Email.Trim(), command.Role, command.Site);

    /// <summary>A new invitation replaces an earlier one to the same address.</summary>
    public static MemberInvited Invited(InviteMember command, DateTimeOffset now) =>
        new(command.CompanyId, command.InvitationId, command.Email.Trim(), command.Role, command.By, now + Team.InvitationLifetime);
}

public sealed record CancelMemberInvitation(Guid CompanyId, Guid InvitationId, Guid By);

[AggregateHandler]
public static class CancelMemberInvitationHandler
{
    public static Events Handle(CancelMemberInvitation command, Company? company)
    {
        var (current, _) = company.ManagedBy(command.CompanyId, command.By);
        return current.Invitations.Any(i => i.InvitationId == command.InvitationId)
            ? [new MemberInvitationCancelled(current.Id, command.InvitationId)]
            : [];
    }
}

/// <summary>An account accepts an invitation sent to its confirmed email address.</summary>
public sealed record JoinCompany(Guid CompanyId, Guid InvitationId, Guid AccountId, string ConfirmedEmail);

[AggregateHandler]
public static class JoinCompanyHandler
{
    public static Events Handle(JoinCompany command, Company? company, DateTimeOffset now)
    {
        if (company is null) throw new NotFound("Invitation", command.InvitationId);
        if (company.MemberOf(command.AccountId) is not null) return [];
        var invitation = company.Invitations.FirstOrDefault(i => i.InvitationId == command.InvitationId);
        // Somebody else's invitation answers as if it did not exist.
        if (invitation is null || !Team.SameEmail(invitation.Email, command.ConfirmedEmail)) throw new NotFound("Invitation", command.InvitationId);
        if (invitation.ExpiresAt <= now) throw new RuleViolation("The invitation has expired: ask the company for a new one.");
        return [new MemberJoined(company.Id, command.AccountId, command.ConfirmedEmail.Trim(), invitation.Role, invitation.InvitationId, now)];
    }
}

public sealed record ChangeMemberRole(Guid CompanyId, Guid AccountId, CompanyRole Role, Guid By);

[AggregateHandler]
public static class ChangeMemberRoleHandler
{
    public static Events Handle(ChangeMemberRole command, Company? company)
    {
        var (current, manager) = company.ManagedBy(command.CompanyId, command.By);
        var target = current.MemberOf(command.AccountId) ?? throw new NotFound("Member", command.AccountId);
        if (target.Role == command.Role) return [];
        Team.MayTouchOwnership(manager, target, command.Role, current);
        return [new MemberRoleChanged(current.Id, target.AccountId, command.Role, command.By)];
    }
}

public sealed record RemoveMember(Guid CompanyId, Guid AccountId, Guid By);

[AggregateHandler]
public static class RemoveMemberHandler
{
    public static Events Handle(RemoveMember command, Company? company)
    {
        var (current, manager) = company.ManagedBy(command.CompanyId, command.By);
        if (current.MemberOf(command.AccountId) is not { } target) return [];
        Team.MayTouchOwnership(manager, target, null, current);
        return [new MemberRemoved(current.Id, target.AccountId, command.By)];
    }
}
