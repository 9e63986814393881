using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Challenges;

public sealed record CloseChallenge(Guid ChallengeId, Guid? OwnerCompanyId, int? ExpectedVersion);

[AggregateHandler]
public static class CloseChallengeHandler
{
    public static Events Handle(CloseChallenge command, Challenge? challenge, DateTimeOffset now)
    {
        var current = challenge.OwnedBy(command.OwnerCompanyId, command.ChallengeId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        return current.Status switch
        {
            ChallengeStatus.Closed => [],
            ChallengeStatus.Draft => throw new RuleViolation("A draft is never published, so there is nothing to close."),
            _ => [new ChallengeClosed(current.Id, current.OwnerCompanyId, now)],
        };
    }
}
