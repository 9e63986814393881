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
        return ([new PostingPublished(current.Id, current.CompanyId, now, expiresOn, generation)],
            PostingRules.ScheduleExpiry(current.Id, generation, expiresOn));
    }
}
