using Marketplace.Domain.Submissions;
using Marketplace.Projections.Common;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Submissions;

/// <summary>
/// A submission as the copy check looks it up: the LSH band keys of its text (<see cref="MinHash.BandKeys"/>), under a
/// GIN index, so the work that shares a band with a new submission is found without reading the rest of its challenge.
/// One a submission, updated inline with it; withdrawn work keeps its keys, as the copy check compared it before.
/// </summary>
public sealed class SubmissionSignature
{
    public Guid Id { get; set; }
    public Guid ChallengeId { get; set; }
    public Guid CandidateId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string[] Bands { get; set; } = [];
}

public partial class SubmissionSignatureProjection : SingleStreamProjection<SubmissionSignature, Guid>
{
    // Erased text is the same for every erased candidate: signed, it would find them all as copies of one another.
    public SubmissionSignature Create(SubmissionReceived e) => new()
    {
        Id = e.SubmissionId,
        ChallengeId = e.ChallengeId,
        CandidateId = e.CandidateId,
        SubmittedAt = Timestamps.Micro(e.SubmittedAt),
        Bands = e.Content == SubmissionReceived.ErasedContent ? [] : MinHash.BandKeys(e.ChallengeId, Similarity.Shingles(e.Content)),
    };
}
