using Marketplace.Domain.Common;

namespace Marketplace.Domain.Invitations;

public static class InvitationRules
{
    /// <summary>The invited candidate answering an invitation still pending; anyone else's answers as not found.</summary>
    public static Invitation AnswerableBy(this Invitation? invitation, Guid candidateId, Guid invitationId)
    {
        if (invitation is null || invitation.CandidateId != candidateId) throw new NotFound("Invitation", invitationId);
        return invitation.Status == InvitationStatus.Pending
            ? invitation
            : throw new RuleViolation($"The invitation is {invitation.Status.ToString().ToLowerInvariant()} already.");
    }
}
