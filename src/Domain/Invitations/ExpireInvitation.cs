using Marketplace.Domain.Postings;
using Wolverine.Marten;

namespace Marketplace.Domain.Invitations;

/// <summary>Scheduled when an invitation is sent; a no-op once the candidate has answered.</summary>
public sealed record ExpireInvitation(Guid InvitationId);

/// <summary>
/// A pending invitation expires when its time runs out or when its posting closes; an answered or expired one stays as
/// it is, so a second delivery of either changes nothing.
/// </summary>
[AggregateHandler]
public static class ExpireInvitationHandler
{
    public static Events Handle(ExpireInvitation message, Invitation? invitation, DateTimeOffset now) =>
        Expire(invitation, $"No answer within {Invitation.LifetimeDays} days.", now);

    public static Events WhenPostingCloses(ClosePostingPipeline message, Invitation? invitation, DateTimeOffset now) =>
        Expire(invitation, message.Explanation(), now);

    private static Events Expire(Invitation? invitation, string reason, DateTimeOffset now) =>
        invitation is { Status: InvitationStatus.Pending } pending
            ? [new InvitationExpired(pending.Id, pending.PostingId, pending.CandidateId, reason, now)]
            : [];
}
