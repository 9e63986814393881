using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

public sealed record ClosePosting(Guid PostingId, Guid CompanyId, int? ExpectedVersion, CloseReason Reason);

[AggregateHandler]
public static class ClosePostingHandler
{
    public static (Events, OutgoingMessages) Handle(ClosePosting command, Posting? posting, DateTimeOffset now)
    {
        var current = posting.OwnedBy(command.CompanyId, command.PostingId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (command.Reason == CloseReason.Expired)
            throw new ValidationFailed("reason", "EXPIRED is set by the platform when a posting reaches its expiry date.");
        return current.Status switch
        {
            PostingStatus.Closed when current.CloseReason == command.Reason => ([], []),
            PostingStatus.Closed => throw new RuleViolation("The posting is already closed."),
            PostingStatus.Draft when command.Reason != CloseReason.Cancelled =>
                throw new RuleViolation("A draft that was never published can only be closed as CANCELLED."),
            _ => ([new PostingClosed(current.Id, current.CompanyId, command.Reason, now)], [new ClosePostingPipeline(current.Id, command.Reason)]),
        };
    }
}
