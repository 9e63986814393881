namespace Marketplace.Domain.Challenges;

public enum ChallengeStatus { Draft, Published, Closed }

public enum Difficulty { Easy, Medium, Hard }

/// <summary>Everything the owner writes about a challenge; drafts and revisions carry it whole.</summary>
public sealed record ChallengeDetails(
    string Skill,
    string Title,
    string Brief,
    Difficulty Difficulty,
    int MaxAttempts,
    IReadOnlyList<Criterion> Rubric,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt);

/// <summary><paramref name="OwnerCompanyId"/> is null for the platform's own challenges.</summary>
public sealed record ChallengeDrafted(Guid ChallengeId, Guid? OwnerCompanyId, ChallengeDetails Details);

public sealed record ChallengeRevised(Guid ChallengeId, Guid? OwnerCompanyId, ChallengeDetails Details, int RubricVersion);

public sealed record ChallengePublished(Guid ChallengeId, Guid? OwnerCompanyId, DateTimeOffset PublishedAt);

public sealed record ChallengeClosed(Guid ChallengeId, Guid? OwnerCompanyId, DateTimeOffset ClosedAt);

public sealed record Challenge(Guid Id, Guid? OwnerCompanyId, ChallengeStatus Status, ChallengeDetails Details, int RubricVersion)
{
    public int Version { get; set; }

    public static Challenge Create(ChallengeDrafted e) => new(e.ChallengeId, e.OwnerCompanyId, ChallengeStatus.Draft, e.Details, 1);

    public Challenge Apply(ChallengeRevised e) => this with { Details = e.Details, RubricVersion = e.RubricVersion };

    public Challenge Apply(ChallengePublished _) => this with { Status = ChallengeStatus.Published };

    public Challenge Apply(ChallengeClosed _) => this with { Status = ChallengeStatus.Closed };

    public bool AcceptsSubmissionsAt(DateTimeOffset now) =>
        Status == ChallengeStatus.Published && (Details.OpensAt is null || Details.OpensAt <= now) &&
        (Details.ClosesAt is null || now < Details.ClosesAt);
}
