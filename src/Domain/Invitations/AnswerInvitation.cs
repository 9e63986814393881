using Marketplace.Domain.Applications;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marten;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Domain.Invitations;

public sealed record AcceptInvitation(Guid InvitationId, Guid CandidateId, int? ExpectedVersion);

public sealed record DeclineInvitation(Guid InvitationId, Guid CandidateId, int? ExpectedVersion);

/// <summary>Accepting applies to the posting with source INVITATION, under the same one-active-application rule.</summary>
[AggregateHandler]
public static class AcceptInvitationHandler
{
    public static void Configure(HandlerChain chain) => StreamCollisions.DecideAgainOnCollision(chain);

    public static async Task<(Posting?, PriorApplications?)> LoadAsync(AcceptInvitation command, IDocumentSession session, CancellationToken cancellation)
    {
        var invitation = await session.Events.AggregateStreamAsync<Invitation>(command.InvitationId, token: cancellation);
        if (invitation is null) return (null, null);
        return (await session.Events.AggregateStreamAsync<Posting>(invitation.PostingId, token: cancellation),
            await Applying.Prior(session, invitation.CandidateId, invitation.PostingId, cancellation));
    }

    public static (ApplicationAccepted, Events, IStartStream) Handle(AcceptInvitation command, Invitation? invitation, Posting? posting,
        PriorApplications? prior, DateTimeOffset now)
    {
        var pending = Answerable(invitation, command.InvitationId, command.CandidateId);
        Versioning.MustMatch(command.ExpectedVersion, pending.Version);
        var (accepted, application) = Applying.Decide(pending.CandidateId, posting, prior!, [], Array.Empty<Submission?>(),
            ApplicationSource.Invitation, null, pending.Id, now, pending.PostingId);
        return (accepted, [new InvitationAccepted(pending.Id, pending.PostingId, pending.CandidateId, accepted.ApplicationId, now)], application);
    }

    internal static Invitation Answerable(Invitation? invitation, Guid invitationId, Guid candidateId)
    {
        if (invitation is null || invitation.CandidateId != candidateId) throw new NotFound("Invitation", invitationId);
        return invitation.Status == InvitationStatus.Pending
            ? invitation
            : throw new RuleViolation($"The invitation is {invitation.Status.ToString().ToLowerInvariant()} already.");
    }
}

[AggregateHandler]
public static class DeclineInvitationHandler
{
    public static Events Handle(DeclineInvitation command, Invitation? invitation, DateTimeOffset now)
    {
        var pending = AcceptInvitationHandler.Answerable(invitation, command.InvitationId, command.CandidateId);
        Versioning.MustMatch(command.ExpectedVersion, pending.Version);
        return [new InvitationDeclined(pending.Id, pending.PostingId, pending.CandidateId, now)];
    }
}

[AggregateHandler]
public static class ExpireInvitationHandler
{
    public static Events Handle(ExpireInvitation message, Invitation? invitation, DateTimeOffset now) =>
        invitation is { Status: InvitationStatus.Pending }
            ? [new InvitationExpired(invitation.Id, invitation.PostingId, invitation.CandidateId, "No answer within 14 days.", now)]
            : [];
}
