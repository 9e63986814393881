using System.Collections.Concurrent;
using System.Diagnostics;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Common;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Submissions;
using Marten;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>
/// The whole-work vectors of each challenge's submissions, kept in this node's memory, so that the copy check by meaning
/// finds the earlier work nearest a new submission without reading the challenge's passages: it reads, from
/// <see cref="SubmissionMeaning"/>, only what the daemon wrote since it last looked (by sequence, under an index), and
/// compares one vector a submission. What it finds is read in full afterwards; what is not there to read, or was
/// erased, it forgets. Bounded: past <see cref="Capacity"/> vectors, the challenges least recently checked are dropped,
/// to be read again when next checked.
/// </summary>
public sealed class ChallengeWholes
{
    /// <summary>About 1.6 kB a vector: some 65 MB in all.</summary>
    public const int Capacity = 40_000;

    /// <summary>Work whose whole is less alike than this says too little of the new work to be worth reading its passages.</summary>
    public const float Floor = 0.5f;

    private readonly ConcurrentDictionary<Guid, Challenge> _challenges = new();
    private int _count;

    /// <summary>
    /// The other candidates' earlier work on the challenge whose whole is nearest <paramref name="whole"/>, at most
    /// <paramref name="count"/> of them, most alike first.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> Nearest(IQuerySession session, SubmissionSignature self, float[] whole, int count,
        CancellationToken cancellation)
    {
        var challenge = _challenges.GetOrAdd(self.ChallengeId, _ => new Challenge());
        challenge.Used = Stopwatch.GetTimestamp();
        await Refresh(session, self.ChallengeId, challenge, cancellation);
        var nearest = new PriorityQueue<Guid, float>(count + 1);
        foreach (var work in challenge.Wholes)
        {
            if (work.CandidateId == self.CandidateId || work.SubmittedAt >= self.SubmittedAt) continue;
            var similarity = Cosine.Of(whole, work.Vector);
            if (similarity < Floor) continue;
            nearest.Enqueue(work.Id, similarity);
            if (nearest.Count > count) nearest.Dequeue();
        }
        var ids = new Guid[nearest.Count];
        for (var i = ids.Length - 1; i >= 0; i--) ids[i] = nearest.Dequeue();
        return ids;
    }

    /// <summary>Work that is gone from <see cref="SubmissionMeaning"/> (its candidate was erased) is not kept here either.</summary>
    public void Forget(Guid challengeId, IReadOnlyCollection<Guid> gone)
    {
        if (gone.Count == 0 || !_challenges.TryGetValue(challengeId, out var challenge)) return;
        lock (challenge)
        {
            var kept = challenge.Wholes.Where(w => !gone.Contains(w.Id)).ToArray();
            Interlocked.Add(ref _count, kept.Length - challenge.Wholes.Length);
            challenge.Wholes = kept;
        }
    }

    private async Task Refresh(IQuerySession session, Guid challengeId, Challenge challenge, CancellationToken cancellation)
    {
        await challenge.Gate.WaitAsync(cancellation);
        try
        {
            var rows = await NewWork(session, challengeId, challenge.Through).ToListAsync(cancellation);
            if (rows.Count == 0) return;
            var added = rows.Where(r => r.Whole.Length > 0)
                .Select(r => new Whole(r.Id, r.CandidateId, Timestamps.Micro(r.SubmittedAt), Vectors.Unpack(r.Whole))).ToArray();
            lock (challenge) challenge.Wholes = [.. challenge.Wholes, .. added];
            challenge.Through = rows.Max(r => r.Sequence);
            Interlocked.Add(ref _count, added.Length);
        }
        finally
        {
            challenge.Gate.Release();
        }
        if (Volatile.Read(ref _count) > Capacity) Evict(challengeId);
    }

    /// <summary>
    /// What the daemon wrote for the challenge after <paramref name="through"/>, by the columns of the challenge and the
    /// sequence, so no document is opened; the first read (below 0) takes everything, with the documents written before
    /// they had a sequence (null in the column).
    /// </summary>
    public static IQueryable<Row> NewWork(IQuerySession session, Guid challengeId, long through)
    {
        var query = session.Query<SubmissionMeaning>().Where(m => m.ChallengeId == challengeId);
        if (through >= 0) query = query.Where(m => m.Sequence > through);
        return query.Select(m => new Row { Id = m.Id, CandidateId = m.CandidateId, SubmittedAt = m.SubmittedAt, Whole = m.Whole, Sequence = m.Sequence });
    }

    private void Evict(Guid keep)
    {
        var left = _challenges.Values.Sum(c => c.Wholes.Length);
        foreach (var (id, challenge) in _challenges.OrderBy(c => c.Value.Used))
        {
            if (left <= Capacity * 4 / 5) break;
            if (id != keep && _challenges.TryRemove(id, out _)) left -= challenge.Wholes.Length;
        }
        Volatile.Write(ref _count, left);
    }

    private sealed class Challenge
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile Whole[] Wholes = [];
        public long Through = -1;
        public long Used;
    }

    private sealed record Whole(Guid Id, Guid CandidateId, DateTimeOffset SubmittedAt, float[] Vector);

    /// <summary>The fields of a <see cref="SubmissionMeaning"/> the index reads.</summary>
    public sealed class Row
    {
        public Guid Id { get; set; }
        public Guid CandidateId { get; set; }
        public DateTimeOffset SubmittedAt { get; set; }
        public string Whole { get; set; } = "";
        public long Sequence { get; set; }
    }
}
