using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

public sealed record PublishPosting(Guid PostingId, Guid CompanyId, int? ExpectedVersion, DateOnly? ExpiresOn);

[AggregateHandler]
public static class PublishPostingHandler
{
    public static (Events, OutgoingMessages) Handle(PublishPosting command, Posting? posting, DateTimeOffset now)
    {
        var current = posting.OwnedBy(command.CompanyId, command.PostingId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        switch (current.Status)
        {
            case PostingStatus.Open: return ([], []);
            case PostingStatus.Closed: throw new RuleViolation("A closed posting is reopened, not published.");
        }

        var expiresOn = PostingRules.ExpiryFrom(command.ExpiresOn, now);
        var generation = current.Generation + 1;
        var expiry = new OutgoingMessages();
        expiry.Schedule(new ExpirePosting(current.Id, generation), PostingRules.ClosesAt(expiresOn));
        return ([new PostingPublished(current.Id, current.CompanyId, now, expiresOn, generation)], expiry);
    }
}
