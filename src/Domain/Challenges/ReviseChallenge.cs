using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Challenges;

/// <summary>Null fields keep their current value. A changed rubric gets the next rubric version.</summary>
public sealed record ReviseChallenge(
    Guid ChallengeId,
    Guid? OwnerCompanyId,
    int? ExpectedVersion,
    string? Title = null,
    string? Brief = null,
    Difficulty? Difficulty = null,
    int? MaxAttempts = null,
    IReadOnlyList<Criterion>? Rubric = null,
    DateTimeOffset? OpensAt = null,
    DateTimeOffset? ClosesAt = null);

[AggregateHandler]
public static class ReviseChallengeHandler
{
    public static Events Handle(ReviseChallenge command, Challenge? challenge)
    {
        var current = challenge.OwnedBy(command.OwnerCompanyId, command.ChallengeId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (current.Status == ChallengeStatus.Closed) throw new RuleViolation("A closed challenge cannot be revised.");

        var old = current.Details;
        var details = old with
        {
            Title = command.Title ?? old.Title,
            Brief = command.Brief ?? old.Brief,
            Difficulty = command.Difficulty ?? old.Difficulty,
            MaxAttempts = command.MaxAttempts ?? old.MaxAttempts,
            Rubric = command.Rubric ?? old.Rubric,
            OpensAt = command.OpensAt ?? old.OpensAt,
            ClosesAt = command.ClosesAt ?? old.ClosesAt,
        };
        ChallengeRules.Validate(details);
        if (ChallengeRules.SameDetails(details, old)) return [];
        var rubricVersion = ChallengeRules.SameRubric(details.Rubric, old.Rubric) ? current.RubricVersion : current.RubricVersion + 1;
        return [new ChallengeRevised(current.Id, current.OwnerCompanyId, details, rubricVersion)];
    }
}
