namespace Marketplace.Domain.Submissions;

/// <summary>One passage of a submission as the copy check compares meanings: its unit vector and its words, its weight.</summary>
public sealed record PassageVector(float[] Vector, int Words);

/// <summary>
/// When work says what other work says: a passage is said again when its closest passage in the other work is at least
/// <see cref="Passage"/> similar; the work is a copy when at least <see cref="Share"/> of its words, and at least
/// <see cref="Words"/> words, are in such passages. The floor on words keeps two short answers that make the same
/// obvious point from being each other's copy. Chosen on the labelled set in docs/copy-check.md.
/// </summary>
public sealed record MeaningThresholds(double Passage, double Share, int Words);

/// <summary>
/// A submission as the copy check compares it by meaning: who, when, and its passages as vectors
/// (<see cref="Feedback.Passages"/>), so the same passages in other words are found where the shingles of
/// <see cref="ComparedWork"/> see another text.
/// </summary>
public sealed record ComparedMeaning(Guid Id, Guid CandidateId, DateTimeOffset SubmittedAt, IReadOnlyList<PassageVector> Passages)
{
    /// <summary>A submission's passages (their text and vector) as compared: what the brief says taken out, weighed by words.</summary>
    public static ComparedMeaning Of(Guid id, Guid candidateId, DateTimeOffset submittedAt, IEnumerable<(string Text, float[] Vector)> passages,
        BriefSubspace brief) =>
        new(id, candidateId, submittedAt, [.. passages.Select(p => new PassageVector(brief.Without(p.Vector), Feedback.ContentSignals.Words(p.Text).Count))]);

    /// <summary>
    /// How much of this work the other already says: the share of this work's words that stand in passages said again in
    /// the other (see <see cref="MeaningThresholds"/>), and how many words that is. Not symmetric: a copy that takes half
    /// of a long answer is wholly said in it, while the long answer is not wholly said in the copy.
    /// </summary>
    public (double Share, int Words) SaidIn(ComparedMeaning other, double passage)
    {
        int total = 0, said = 0;
        foreach (var mine in Passages)
        {
            total += mine.Words;
            foreach (var theirs in other.Passages)
            {
                if (Cosine.Of(mine.Vector, theirs.Vector) < passage) continue;
                said += mine.Words;
                break;
            }
        }
        return (total == 0 ? 0 : (double)said / total, said);
    }

    /// <summary>
    /// The other candidates' earlier work this says again in other words, if any: the highest share at or above the
    /// thresholds, then the earliest, then the least id, as <see cref="ComparedWork.NearCopyOf"/> picks.
    /// </summary>
    public (Guid Id, double Similarity)? NearCopyOf(IEnumerable<ComparedMeaning> challenge, MeaningThresholds thresholds) =>
        challenge
            .Where(other => other.CandidateId != CandidateId && other.SubmittedAt < SubmittedAt)
            .Select(other => (other.Id, other.SubmittedAt, Said: SaidIn(other, thresholds.Passage)))
            .Where(other => other.Said.Share >= thresholds.Share && other.Said.Words >= thresholds.Words)
            .OrderByDescending(other => other.Said.Share).ThenBy(other => other.SubmittedAt).ThenBy(other => other.Id)
            .Select(other => ((Guid, double)?)(other.Id, other.Said.Share))
            .FirstOrDefault();
}
