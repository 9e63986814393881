namespace Marketplace.Domain.Submissions;

/// <summary>A submission as the copy check compares it: who, when, and its shingles (<see cref="Similarity.Shingles"/>).</summary>
public sealed record ComparedWork(Guid Id, Guid CandidateId, DateTimeOffset SubmittedAt, long[] Shingles)
{
    /// <summary>
    /// The other candidates' earlier work this is a near-copy of, if any: the most similar at or above the threshold, then
    /// the earliest, then the least id, so the answer does not depend on the order the work comes in. Given every
    /// submission of the challenge this is the all-pairs check, the reference the indexed check must equal.
    /// </summary>
    public (Guid Id, double Similarity)? NearCopyOf(IEnumerable<ComparedWork> challenge, double threshold) =>
        challenge
            .Where(other => other.CandidateId != CandidateId && other.SubmittedAt < SubmittedAt)
            .Select(other => (other.Id, other.SubmittedAt, Score: Similarity.Jaccard(Shingles, other.Shingles)))
            .Where(other => other.Score >= threshold)
            .OrderByDescending(other => other.Score).ThenBy(other => other.SubmittedAt).ThenBy(other => other.Id)
            .Select(other => ((Guid, double)?)(other.Id, other.Score))
            .FirstOrDefault();
}
