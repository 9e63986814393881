using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Invitations;

public sealed record DeclineInvitation(Guid InvitationId, Guid CandidateId, int? ExpectedVersion);

[AggregateHandler]
public static class DeclineInvitationHandler
{
    public static Events Handle(DeclineInvitation command, Invitation? invitation, DateTimeOffset now)
    {
        var pending = invitation.AnswerableBy(command.CandidateId, command.InvitationId);
        Versioning.MustMatch(command.ExpectedVersion, pending.Version);
        return [new InvitationDeclined(pending.Id, pending.PostingId, pending.CandidateId, now)];
    }
}
