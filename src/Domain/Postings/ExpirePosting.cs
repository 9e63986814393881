using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

/// <summary>Scheduled when a posting opens; carries the generation it was scheduled for.</summary>
public sealed record ExpirePosting(Guid PostingId, int Generation);

[AggregateHandler]
public static class ExpirePostingHandler
{
    /// <summary>
    /// Closes the posting only when it is still open in the same generation: a posting closed, or closed and
    /// reopened, since the expiry was scheduled makes this a no-op, and so does a second delivery.
    /// </summary>
    public static (Events, OutgoingMessages) Handle(ExpirePosting command, Posting? posting, DateTimeOffset now) =>
        posting is { Status: PostingStatus.Open } open && open.Generation == command.Generation
            ? ([new PostingClosed(open.Id, open.CompanyId, CloseReason.Expired, now)], [new ClosePostingPipeline(open.Id, CloseReason.Expired)])
            : ([], []);
}
