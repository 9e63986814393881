using Marketplace.Domain.Applications;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marten;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Domain.Invitations;

public sealed record AcceptInvitation(Guid InvitationId, Guid CandidateId, int? ExpectedVersion);

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
        var pending = invitation.AnswerableBy(command.CandidateId, command.InvitationId);
        Versioning.MustMatch(command.ExpectedVersion, pending.Version);
        var request = new ApplicationRequest(pending.CandidateId, pending.PostingId, ApplicationSource.Invitation, CoverNote: null,
            Evidence: [], pending.Id);
        var (accepted, application) = Applying.Decide(request, posting, prior!, Array.Empty<Submission?>(), now);
        return (accepted, [new InvitationAccepted(pending.Id, pending.PostingId, pending.CandidateId, accepted.ApplicationId, now)], application);
    }
}
