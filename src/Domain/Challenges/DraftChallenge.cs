using Wolverine.Marten;

namespace Marketplace.Domain.Challenges;

/// <summary><paramref name="OwnerCompanyId"/> is the drafting member's company, or null when an administrator drafts for the platform.</summary>
public sealed record DraftChallenge(Guid ChallengeId, Guid? OwnerCompanyId, ChallengeDetails Details);

public static class DraftChallengeHandler
{
    public static void Validate(DraftChallenge command) => ChallengeRules.Validate(command.Details);

    public static IStartStream Handle(DraftChallenge command) =>
        MartenOps.StartStream<Challenge>(command.ChallengeId,
            new ChallengeDrafted(command.ChallengeId, command.OwnerCompanyId, command.Details));
}
