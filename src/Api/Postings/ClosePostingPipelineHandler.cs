using Marketplace.Domain.Applications;
using Marketplace.Domain.Invitations;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Invitations;
using Marten;

namespace Marketplace.Api.Postings;

/// <summary>
/// A closed posting closes its active applications and expires its pending invitations, as each aggregate decides. It
/// runs from the durable queue in one transaction; each stream is re-read before it is decided on, so a redelivery
/// (after a crash, say) finds nothing left to do and changes nothing twice.
/// </summary>
public static class ClosePostingPipelineHandler
{
    public static async Task Handle(ClosePostingPipeline message, IDocumentSession session, DateTimeOffset now, CancellationToken cancellation)
    {
        var applications = await session.Query<ApplicationView>()
            .Where(a => a.PostingId == message.PostingId && a.Status == ApplicationStatus.Active)
            .Select(a => a.Id).ToListAsync(cancellation);
        foreach (var id in applications)
        {
            var stream = await session.Events.FetchForWriting<Application>(id, cancellation);
            foreach (var decided in ApplicationClosing.WhenPostingCloses(message, stream.Aggregate, now)) stream.AppendOne(decided);
        }

        var invitations = await session.Query<InvitationView>()
            .Where(i => i.PostingId == message.PostingId && i.Status == InvitationStatus.Pending)
            .Select(i => i.Id).ToListAsync(cancellation);
        foreach (var id in invitations)
        {
            var stream = await session.Events.FetchForWriting<Invitation>(id, cancellation);
            foreach (var decided in ExpireInvitationHandler.WhenPostingCloses(message, stream.Aggregate, now)) stream.AppendOne(decided);
        }
    }
}
