using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

public sealed record ReopenPosting(Guid PostingId, Guid CompanyId, int? ExpectedVersion, DateOnly? ExpiresOn);

[AggregateHandler]
public static class ReopenPostingHandler
{
    public static (Events, OutgoingMessages) Handle(ReopenPosting command, Posting? posting, DateTimeOffset now)
    {
        var current = posting.OwnedBy(command.CompanyId, command.PostingId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        switch (current.Status)
        {
            case PostingStatus.Open: return ([], []);
            case PostingStatus.Draft: throw new RuleViolation("A draft is published, not reopened.");
        }

        var expiresOn = PostingRules.ExpiryFrom(command.ExpiresOn, now);
        var generation = current.Generation + 1;
        return ([new PostingReopened(current.Id, current.CompanyId, now, expiresOn, generation)],
            PostingRules.ScheduleExpiry(current.Id, generation, expiresOn));
    }
}
