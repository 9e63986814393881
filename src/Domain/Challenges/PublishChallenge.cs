using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Challenges;

public sealed record PublishChallenge(Guid ChallengeId, Guid? OwnerCompanyId, int? ExpectedVersion);

[AggregateHandler]
public static class PublishChallengeHandler
{
    public static Events Handle(PublishChallenge command, Challenge? challenge, DateTimeOffset now)
    {
        var current = challenge.OwnedBy(command.OwnerCompanyId, command.ChallengeId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        return current.Status switch
        {
            ChallengeStatus.Published => [],
            ChallengeStatus.Closed => throw new RuleViolation("A closed challenge stays closed; draft a new one."),
            _ when current.Details.ClosesAt is { } closes && closes <= now =>
                throw new RuleViolation("The challenge's window has already closed; move closesAt first."),
            _ => [new ChallengePublished(current.Id, current.OwnerCompanyId, now)],
        };
    }
}
