using Marketplace.Domain.Common;

namespace Marketplace.Domain.Challenges;

public static class ChallengeRules
{
    public const int DefaultMaxAttempts = 3;
    public const int MaxBriefLength = 20_000;

    public static void Validate(ChallengeDetails details)
    {
        Input.Slug("skill", details.Skill);
        Input.Text("title", details.Title, 3, 140);
        Input.Text("brief", details.Brief, 20, MaxBriefLength);
        Input.Range("maxAttempts", details.MaxAttempts, 1, 20);
        if (details.OpensAt is { } opens && details.ClosesAt is { } closes && closes <= opens)
            throw new ValidationFailed("closesAt", "closesAt must come after opensAt.");
        ValidateRubric(details.Rubric);
    }

    private static void ValidateRubric(IReadOnlyList<Criterion> rubric)
    {
        if (rubric.Count is < 1 or > 10) throw new ValidationFailed("rubric", "rubric must have between 1 and 10 criteria.");
        foreach (var criterion in rubric)
        {
            Input.Slug("rubric.key", criterion.Key);
            Input.Text("rubric.description", criterion.Description, 5, 500);
            if (criterion.Weight is <= 0 or > 1 || double.IsNaN(criterion.Weight))
                throw new ValidationFailed("rubric.weight", "Each weight must be greater than 0 and at most 1.");
        }
        if (rubric.Select(c => c.Key).Distinct().Count() != rubric.Count)
            throw new ValidationFailed("rubric.key", "Rubric keys must be unique.");
        if (Math.Abs(rubric.Sum(c => c.Weight) - 1) > 0.0001)
            throw new ValidationFailed("rubric.weight", "The rubric's weights must sum to 1.");
    }

    /// <summary>Company challenges belong to their company; platform challenges (no company) to administrators.</summary>
    public static Challenge OwnedBy(this Challenge? challenge, Guid? actingFor, Guid challengeId)
    {
        if (challenge is null) throw new NotFound("Challenge", challengeId);
        if (challenge.OwnerCompanyId != actingFor) throw new Forbidden("Only the challenge's owner may change it.");
        return challenge;
    }

    public static bool SameRubric(IReadOnlyList<Criterion> a, IReadOnlyList<Criterion> b) => a.SequenceEqual(b);

    public static bool SameDetails(ChallengeDetails a, ChallengeDetails b) =>
        a with { Rubric = b.Rubric } == b && SameRubric(a.Rubric, b.Rubric);
}
