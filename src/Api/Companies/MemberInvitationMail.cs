using Marketplace.Api.Accounts;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Marten;

namespace Marketplace.Api.Companies;

/// <summary>The invitee's mail: the company, the role, and the link that accepts it (signing up first when needed).</summary>
public static class MailMemberInvitationHandler
{
    public static async Task<SendMail> Handle(MailMemberInvitation invitation, IQuerySession session, CancellationToken cancellation)
    {
        var company = await session.LoadAsync<CompanyView>(invitation.CompanyId, cancellation);
        var name = company?.Name ?? "a company";
        return new SendMail(invitation.Email, $"You are invited to join {name} on Marketplace",
            $"You are invited to join {name} on Marketplace as {TeamPages.RoleWords(invitation.Role)}.\n\n" +
            $"Accept the invitation (sign up or sign in with this email address first):\n{invitation.Site}{TeamPages.JoinPath(invitation.InvitationId)}\n\n" +
            $"The invitation expires in {Team.InvitationLifetime.Days} days. If you did not expect it, you can ignore this mail.");
    }
}
