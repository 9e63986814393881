using System.Collections.Concurrent;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using Wolverine.Marten;

namespace Marketplace.Api.Feedback;

/// <summary>A submission of the challenge as the copy check compares it: who, when, and its shingles.</summary>
public sealed record EarlierWork(Guid Id, Guid CandidateId, DateTimeOffset SubmittedAt, long[] Shingles);

/// <summary>
/// Flags a submission that is a near-copy of another candidate's earlier work on the same challenge: the later of
/// the two is the copy. Only a flag: the challenge's owner confirms or dismisses it.
/// </summary>
[AggregateHandler]
public static class CheckForCopiesHandler
{
    /// <summary>
    /// Every submission of the challenge with its shingles. Only the four fields compared are read, not whole
    /// documents, and each text is shingled once per process (<see cref="ShingleCache"/>): a check used to parse every
    /// submission of the challenge in full and shingle each again, the work that kept the async projections behind after
    /// bursts of submissions (docs/performance.md).
    /// </summary>
    public static async Task<IReadOnlyList<EarlierWork>> LoadAsync(CheckForCopies message, IQuerySession session, ShingleCache shingles,
        CancellationToken cancellation)
    {
        var texts = await session.Query<SubmissionView>()
            .Where(s => s.ChallengeId == message.ChallengeId && s.Content != null)
            .Select(s => new SubmittedText { Id = s.Id, CandidateId = s.CandidateId, SubmittedAt = s.SubmittedAt, Content = s.Content })
            .ToListAsync(cancellation);
        return [.. texts.Select(t => new EarlierWork(t.Id, t.CandidateId, t.SubmittedAt, shingles.Of(t.Id, t.Content)))];
    }

    public static Events Handle(CheckForCopies message, Submission? submission, IReadOnlyList<EarlierWork> challengeSubmissions,
        FeedbackOptions options)
    {
        if (submission is null || submission.Flagged || string.IsNullOrWhiteSpace(submission.Content)) return [];
        if (challengeSubmissions.FirstOrDefault(s => s.Id == submission.Id) is not { } self) return [];
        var closest = challengeSubmissions
            .Where(other => other.CandidateId != submission.CandidateId && other.SubmittedAt < self.SubmittedAt)
            .Select(other => (other.Id, Score: Similarity.Jaccard(self.Shingles, other.Shingles)))
            .OrderByDescending(x => x.Score)
            .FirstOrDefault();
        return closest.Score >= options.SimilarityThreshold
            ? [new SubmissionFlagged(submission.Id, submission.ChallengeId, closest.Id, Math.Round(closest.Score, 3))]
            : [];
    }

    /// <summary>The fields of a <see cref="SubmissionView"/> the check reads.</summary>
    public sealed class SubmittedText
    {
        public Guid Id { get; set; }
        public Guid CandidateId { get; set; }
        public DateTimeOffset SubmittedAt { get; set; }
        public string? Content { get; set; }
    }
}

/// <summary>
/// Shingles of submitted texts by submission id, so a text is shingled once instead of once per later check on the same
/// challenge. Each entry keeps a hash of the text it came from and is recomputed when the text differs, so the shingles
/// of a text masked by erasure are never compared again. Bounded: it starts over when full.
/// </summary>
public sealed class ShingleCache
{
    public const int Capacity = 50_000;
    private readonly ConcurrentDictionary<Guid, (int Text, long[] Shingles)> _entries = new();
    private int _count;

    public long[] Of(Guid submissionId, string? text)
    {
        var hash = string.GetHashCode(text);
        if (_entries.TryGetValue(submissionId, out var entry) && entry.Text == hash) return entry.Shingles;
        var shingles = Similarity.Shingles(text);
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }
        _entries[submissionId] = (hash, shingles);
        return shingles;
    }
}
