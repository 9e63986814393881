using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using Wolverine.Marten;

namespace Marketplace.Api.Feedback;

/// <summary>
/// Flags a submission that is a near-copy of another candidate's work on the same challenge. Only a flag: the
/// challenge's owner confirms or dismisses it.
/// </summary>
[AggregateHandler]
public static class CheckForCopiesHandler
{
    public static async Task<IReadOnlyList<SubmissionView>> LoadAsync(CheckForCopies message, IQuerySession session, CancellationToken cancellation) =>
        await session.Query<SubmissionView>()
            .Where(s => s.ChallengeId == message.ChallengeId && s.CandidateId != message.CandidateId && s.Content != null)
            .ToListAsync(cancellation);

    public static Events Handle(CheckForCopies message, Submission? submission, IReadOnlyList<SubmissionView> others, FeedbackOptions options)
    {
        if (submission is null || submission.Flagged || string.IsNullOrWhiteSpace(submission.Content)) return [];
        var mine = Similarity.Shingles(submission.Content);
        var closest = others
            .Select(other => (other.Id, Score: Similarity.Jaccard(mine, Similarity.Shingles(other.Content))))
            .OrderByDescending(x => x.Score)
            .FirstOrDefault();
        return closest.Score >= options.SimilarityThreshold
            ? [new SubmissionFlagged(submission.Id, submission.ChallengeId, closest.Id, Math.Round(closest.Score, 3))]
            : [];
    }
}
