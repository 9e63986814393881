using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using Wolverine.Marten;

namespace Marketplace.Api.Feedback;

/// <summary>
/// Flags a submission that is a near-copy of another candidate's earlier work on the same challenge: the later of
/// the two is the copy. Only a flag: the challenge's owner confirms or dismisses it.
/// </summary>
[AggregateHandler]
public static class CheckForCopiesHandler
{
    public static async Task<IReadOnlyList<SubmissionView>> LoadAsync(CheckForCopies message, IQuerySession session, CancellationToken cancellation) =>
        await session.Query<SubmissionView>()
            .Where(s => s.ChallengeId == message.ChallengeId && s.Content != null)
            .ToListAsync(cancellation);

    public static Events Handle(CheckForCopies message, Submission? submission, IReadOnlyList<SubmissionView> challengeSubmissions,
        FeedbackOptions options)
    {
        if (submission is null || submission.Flagged || string.IsNullOrWhiteSpace(submission.Content)) return [];
        if (challengeSubmissions.FirstOrDefault(s => s.Id == submission.Id) is not { } self) return [];
        var mine = Similarity.Shingles(submission.Content);
        var closest = challengeSubmissions
            .Where(other => other.CandidateId != submission.CandidateId && other.SubmittedAt < self.SubmittedAt)
            .Select(other => (other.Id, Score: Similarity.Jaccard(mine, Similarity.Shingles(other.Content))))
            .OrderByDescending(x => x.Score)
            .FirstOrDefault();
        return closest.Score >= options.SimilarityThreshold
            ? [new SubmissionFlagged(submission.Id, submission.ChallengeId, closest.Id, Math.Round(closest.Score, 3))]
            : [];
    }
}
