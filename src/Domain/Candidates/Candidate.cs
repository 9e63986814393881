namespace Marketplace.Domain.Candidates;

public sealed record CandidateProfile(string DisplayName, string Email, string? Headline, IReadOnlyList<string> Skills, bool Discoverable)
{
    /// <summary>What is left of a profile after erasure: nothing that identifies the person.</summary>
    public static CandidateProfile Erased(CandidateProfile profile) =>
        profile with { DisplayName = "Erased candidate", Email = "erased@invalid", Headline = null, Discoverable = false };
}

/// <summary><paramref name="Handle"/> is the pseudonym others see; it is derived from the id, never from the name.</summary>
public sealed record CandidateRegistered(Guid CandidateId, string Handle, CandidateProfile Profile);

public sealed record CandidateProfileUpdated(Guid CandidateId, CandidateProfile Profile);

/// <summary>The candidate asked to be forgotten: their profile leaves the read models and is masked in the events.</summary>
public sealed record CandidateErased(Guid CandidateId, DateTimeOffset At);

public sealed record Candidate(Guid Id, string Handle, CandidateProfile Profile)
{
    public int Version { get; set; }

    public static Candidate Create(CandidateRegistered e) => new(e.CandidateId, e.Handle, e.Profile);

    public bool Erased { get; init; }

    public Candidate Apply(CandidateProfileUpdated e) => this with { Profile = e.Profile };

    public Candidate Apply(CandidateErased _) => this with { Profile = CandidateProfile.Erased(Profile), Erased = true };
}
