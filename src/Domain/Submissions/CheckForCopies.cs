using Wolverine.Marten;

namespace Marketplace.Domain.Submissions;

/// <summary>Compares a submission with other candidates' work on the same challenge; follows its review.</summary>
public sealed record CheckForCopies(Guid SubmissionId, Guid ChallengeId, Guid CandidateId);

/// <summary>
/// Flags a submission that is a near-copy of another candidate's earlier work on the same challenge: the later of the
/// two is the copy. The same wording (shingles) is looked for first, then the same passages in other words (meaning);
/// the flag says which found it. Only a flag: the challenge's owner confirms or dismisses it
/// (<see cref="ReviewSubmissionFlag"/>). The caller finds the work to compare, the submission among it; the decision
/// needs nothing else.
/// </summary>
public static class NearCopyCheck
{
    public static Events Decide(Submission? submission, IReadOnlyList<ComparedWork> work, double threshold) =>
        Decide(submission, work, threshold, [], null);

    public static Events Decide(Submission? submission, IReadOnlyList<ComparedWork> work, double threshold,
        IReadOnlyList<ComparedMeaning> meanings, MeaningThresholds? byMeaning)
    {
        // Gone, flagged already (a redelivery), or nothing written to compare: nothing to do.
        if (submission is null || submission.Flagged || string.IsNullOrWhiteSpace(submission.Content)) return [];
        if (work.FirstOrDefault(s => s.Id == submission.Id) is { } self && self.NearCopyOf(work, threshold) is { } copy)
            return [new SubmissionFlagged(submission.Id, submission.ChallengeId, copy.Id, Math.Round(copy.Similarity, 3))];
        if (byMeaning is not null && meanings.FirstOrDefault(m => m.Id == submission.Id) is { } meaning &&
            meaning.NearCopyOf(meanings, byMeaning) is { } said)
            return [new SubmissionFlagged(submission.Id, submission.ChallengeId, said.Id, Math.Round(said.Similarity, 3), FlagReason.Meaning)];
        return [];
    }
}
