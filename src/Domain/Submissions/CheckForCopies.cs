using Wolverine.Marten;

namespace Marketplace.Domain.Submissions;

/// <summary>Compares a submission with other candidates' work on the same challenge; follows its review.</summary>
public sealed record CheckForCopies(Guid SubmissionId, Guid ChallengeId, Guid CandidateId);

/// <summary>
/// Flags a submission that is a near-copy of another candidate's earlier work on the same challenge: the later of the
/// two is the copy. Only a flag: the challenge's owner confirms or dismisses it (<see cref="ReviewSubmissionFlag"/>).
/// The caller finds the work to compare, the submission among it; the decision needs nothing else.
/// </summary>
public static class NearCopyCheck
{
    public static Events Decide(Submission? submission, IReadOnlyList<ComparedWork> work, double threshold)
    {
        // Gone, flagged already (a redelivery), or nothing written to compare: nothing to do.
        if (submission is null || submission.Flagged || string.IsNullOrWhiteSpace(submission.Content)) return [];
        if (work.FirstOrDefault(s => s.Id == submission.Id) is not { } self) return [];
        return self.NearCopyOf(work, threshold) is { } copy
            ? [new SubmissionFlagged(submission.Id, submission.ChallengeId, copy.Id, Math.Round(copy.Similarity, 3))]
            : [];
    }
}
