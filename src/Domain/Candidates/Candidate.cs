namespace Marketplace.Domain.Candidates;

public sealed record CandidateProfile(string DisplayName, string Email, string? Headline, IReadOnlyList<string> Skills, bool Discoverable);

/// <summary><paramref name="Handle"/> is the pseudonym others see; it is derived from the id, never from the name.</summary>
public sealed record CandidateRegistered(Guid CandidateId, string Handle, CandidateProfile Profile);

public sealed record CandidateProfileUpdated(Guid CandidateId, CandidateProfile Profile);

public sealed record Candidate(Guid Id, string Handle, CandidateProfile Profile)
{
    public int Version { get; set; }

    public static Candidate Create(CandidateRegistered e) => new(e.CandidateId, e.Handle, e.Profile);

    public Candidate Apply(CandidateProfileUpdated e) => this with { Profile = e.Profile };
}
