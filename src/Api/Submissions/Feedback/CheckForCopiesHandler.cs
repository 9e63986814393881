using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using System.Collections.Concurrent;
using Wolverine.Marten;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>Finds the work a submission is compared with; <see cref="NearCopyCheck"/> decides whether it is a copy.</summary>
[AggregateHandler]
public static class CheckForCopiesHandler
{
    /// <summary>
    /// The submission and the other candidates' earlier work that shares a MinHash band with it (docs/adr/0020), with
    /// their shingles: the rest of the challenge is not read. A pair at the 0.8 threshold shares a band but for a chance
    /// of 5·10⁻⁸, so this flags what comparing every submission of the challenge flagged. Only the four fields compared are
    /// read, not whole documents, and each text is shingled once per process (<see cref="ShingleCache"/>).
    /// </summary>
    public static async Task<IReadOnlyList<ComparedWork>> LoadAsync(CheckForCopies message, IQuerySession session, ShingleCache shingles,
        CancellationToken cancellation)
    {
        if (await session.LoadAsync<SubmissionSignature>(message.SubmissionId, cancellation) is not { Bands.Length: > 0 } signature) return [];
        var sharingABand = await EarlierWorkSharingABand(session, signature).Select(s => s.Id).ToListAsync(cancellation);
        Guid[] compared = [signature.Id, .. sharingABand];
        var texts = await session.Query<SubmissionView>()
            .Where(s => s.Id.IsOneOf(compared) && s.Content != null)
            .Select(s => new SubmittedText { Id = s.Id, CandidateId = s.CandidateId, SubmittedAt = s.SubmittedAt, Content = s.Content })
            .ToListAsync(cancellation);
        return [.. texts.Select(t => new ComparedWork(t.Id, t.CandidateId, t.SubmittedAt, shingles.Of(t.Id, t.Content)))];
    }

    /// <summary>
    /// Other candidates' earlier work on the challenge that shares a band key with this signature: a lookup in the GIN
    /// index on the keys (`?|`), which carry the challenge, so it reads no other work of the challenge.
    /// </summary>
    public static IQueryable<SubmissionSignature> EarlierWorkSharingABand(IQuerySession session, SubmissionSignature signature) =>
        session.Query<SubmissionSignature>().Where(s => s.Bands.IsOneOf(signature.Bands) && s.ChallengeId == signature.ChallengeId
            && s.CandidateId != signature.CandidateId && s.SubmittedAt < signature.SubmittedAt);

    public static Events Handle(CheckForCopies message, Submission? submission, IReadOnlyList<ComparedWork> work, FeedbackOptions options) =>
        NearCopyCheck.Decide(submission, work, options.SimilarityThreshold);

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
