using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using System.Collections.Concurrent;
using Wolverine.Marten;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>
/// Finds the work a submission is compared with; <see cref="NearCopyCheck"/> decides whether it is a copy. The feedback
/// job runs the check with the review (<see cref="ReviewSubmissionHandler"/>); it runs as a job of its own only after a
/// review failed for good, so a submission without feedback is still compared.
/// </summary>
[AggregateHandler]
public static class CheckForCopiesHandler
{
    /// <summary>
    /// The submission's signature and the other candidates' earlier work that shares a MinHash band with it
    /// (docs/adr/0020), with their shingles: the rest of the challenge is not read. A pair at the 0.8 threshold shares a
    /// band but for a chance of 5·10⁻⁸, so this flags what comparing every submission of the challenge flagged. Who and
    /// when come from the signatures; a text is read and shingled only the first time this process meets it
    /// (<see cref="ShingleCache"/>), so a challenge whose work is all alike (every signature a candidate) costs a merge
    /// per candidate, not a read of every text. What the index finds was never erased: erasure takes a signature's bands.
    /// </summary>
    public static async Task<EarlierWork?> LoadAsync(CheckForCopies message, IQuerySession session, ShingleCache shingles,
        CancellationToken cancellation) =>
        await Find(await session.LoadAsync<SubmissionSignature>(message.SubmissionId, cancellation), session, shingles, cancellation);

    /// <inheritdoc cref="LoadAsync"/>
    public static async Task<EarlierWork?> Find(SubmissionSignature? found, IQuerySession session, ShingleCache shingles, CancellationToken cancellation)
    {
        if (found is not { Bands.Length: > 0 } signature) return null;
        var sharingABand = await EarlierWorkSharingABand(session, signature)
            .Select(s => new Signed { Id = s.Id, CandidateId = s.CandidateId, SubmittedAt = s.SubmittedAt })
            .ToListAsync(cancellation);

        var known = new Dictionary<Guid, long[]>(sharingABand.Count);
        foreach (var work in sharingABand)
            if (shingles.Known(work.Id) is { } cached) known[work.Id] = cached;
        var unread = sharingABand.Where(w => !known.ContainsKey(w.Id)).Select(w => w.Id).ToArray();
        if (unread.Length > 0)
        {
            var texts = await session.Query<SubmissionView>()
                .Where(s => s.Id.IsOneOf(unread) && s.Content != null)
                .Select(s => new SubmittedText { Id = s.Id, Content = s.Content })
                .ToListAsync(cancellation);
            foreach (var text in texts) known[text.Id] = shingles.Of(text.Id, text.Content);
        }
        return new EarlierWork(signature,
            [.. sharingABand.Where(w => known.ContainsKey(w.Id)).Select(w => new ComparedWork(w.Id, w.CandidateId, w.SubmittedAt, known[w.Id]))]);
    }

    /// <summary>
    /// Other candidates' earlier work on the challenge that shares a band key with this signature: a lookup in the GIN
    /// index on the keys (`?|`), which carry the challenge, so it reads no other work of the challenge.
    /// </summary>
    public static IQueryable<SubmissionSignature> EarlierWorkSharingABand(IQuerySession session, SubmissionSignature signature) =>
        session.Query<SubmissionSignature>().Where(s => s.Bands.IsOneOf(signature.Bands) && s.ChallengeId == signature.ChallengeId
            && s.CandidateId != signature.CandidateId && s.SubmittedAt < signature.SubmittedAt);

    /// <summary>
    /// The submission's own text comes from its stream, already loaded: only the earlier work's is read. By meaning, the
    /// submission is encoded here and compared with the earlier work nearest it (<see cref="CopiesByMeaning"/>).
    /// </summary>
    public static async Task<Events> Handle(CheckForCopies message, Submission? submission, EarlierWork? earlier, FeedbackOptions options,
        ShingleCache shingles, CopiesByMeaning meaning, IDocumentSession session, CancellationToken cancellation)
    {
        if (submission is null || earlier is null || submission.Flagged) return [];
        var challenge = await session.Events.FetchLatest<Domain.Challenges.Challenge>(submission.ChallengeId, cancellation);
        var said = challenge is null ? null
            : await meaning.Find(session, submission.Id, meaning.Encode(submission.Content), challenge.Details, earlier.Signature, cancellation);
        return Decide(submission, earlier, said, options, shingles);
    }

    /// <inheritdoc cref="Handle"/>
    public static Events Decide(Submission? submission, EarlierWork? earlier, EarlierMeaning? meaning, FeedbackOptions options, ShingleCache shingles)
    {
        if (submission is null || earlier is null) return [];
        var self = new ComparedWork(submission.Id, earlier.Signature.CandidateId, earlier.Signature.SubmittedAt,
            shingles.Of(submission.Id, submission.Content));
        return NearCopyCheck.Decide(submission, [self, .. earlier.Work], options.SimilarityThreshold, meaning?.Compared ?? [], options.ByMeaning);
    }

    /// <summary>What <see cref="LoadAsync"/> found: the submission's signature and the earlier work sharing a band with it.</summary>
    public sealed record EarlierWork(SubmissionSignature Signature, IReadOnlyList<ComparedWork> Work);

    /// <summary>The fields of a <see cref="SubmissionSignature"/> the check reads.</summary>
    public sealed class Signed
    {
        public Guid Id { get; set; }
        public Guid CandidateId { get; set; }
        public DateTimeOffset SubmittedAt { get; set; }
    }

    /// <summary>The text of a <see cref="SubmissionView"/>, for work not yet shingled in this process.</summary>
    public sealed class SubmittedText
    {
        public Guid Id { get; set; }
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

    /// <summary>The shingles this process took of the submission's text, whichever text it was; null when it has none.</summary>
    public long[]? Known(Guid submissionId) => _entries.TryGetValue(submissionId, out var entry) ? entry.Shingles : null;

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
