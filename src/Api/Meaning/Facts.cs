using Marketplace.Domain.Postings;

namespace Marketplace.Api.Meaning;

/// <summary>What the index knows of a posting besides its vector: whose it is and whether it is open.</summary>
public readonly record struct PostingFacts(Guid CompanyId, PostingStatus Status);

/// <summary>
/// What the index knows of a candidate besides their vector: whether companies may find them (a hint, checked again
/// against the profile when answering), and their best reviewed score, 0 when they have no reviewed work.
/// </summary>
public readonly record struct CandidateFacts(bool Discoverable, byte BestScore)
{
    public bool HasWork => BestScore > 0;
}
