using System.Collections.Concurrent;
using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Marketplace.Projections.Common;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Submissions;
using Marten;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>A submission's passages and their vectors, encoded once by the feedback job for the copy check and the reviewer.</summary>
public sealed record EncodedWork(IReadOnlyList<Passage> Passages, float[][] Vectors);

/// <summary>What the copy check by meaning compares: the submission's passages, and it among the earlier work nearest it.</summary>
public sealed record EarlierMeaning(EncodedWork Work, IReadOnlyList<ComparedMeaning> Compared);

/// <summary>
/// Finds the earlier work a submission is compared with by meaning (docs/copy-check.md); <see cref="NearCopyCheck"/>
/// decides. The submission is encoded here, in the job, because the daemon may not have encoded it yet; the earlier work
/// was encoded by the daemon (<see cref="SubmissionMeaning"/>). Two steps bound the cost: the nearest
/// <see cref="FeedbackOptions.MeaningCandidates"/> by whole-work vector (<see cref="ChallengeWholes"/>, in memory), then
/// their passages, read in one round trip with their signatures (erased work has none). Every vector loses what the
/// challenge's brief says first (<see cref="BriefSubspace"/>), kept here per challenge and brief.
/// </summary>
public sealed class CopiesByMeaning(TextEncoder encoder, ChallengeWholes wholes, FeedbackOptions options, TimeProvider clock)
{
    private const int BriefsKept = 1_000;
    private readonly ConcurrentDictionary<(Guid Challenge, int Texts), BriefSubspace> _briefs = new();

    public EncodedWork Encode(string? content)
    {
        var passages = Passages.Of(content);
        return new EncodedWork(passages, encoder.Encode([.. passages.Select(p => p.Meaning)]));
    }

    /// <summary>
    /// The work's passages encoded, or null when the model would not have them within
    /// <see cref="FeedbackOptions.MeaningWithin"/> of the submission: a feedback job then checks copies by their words
    /// only (docs/adr/0037).
    /// </summary>
    public async Task<EncodedWork?> EncodeInTime(Submission submission, CancellationToken cancellation)
    {
        var passages = Passages.Of(submission.Content);
        var wait = options.MeaningDue(submission) - clock.GetUtcNow();
        var vectors = await encoder.EncodeWithin([.. passages.Select(p => p.Meaning)], wait, cancellation);
        return vectors is null ? null : new EncodedWork(passages, vectors);
    }

    /// <summary>
    /// The submission (who and when from its signature, its passages encoded by <see cref="Encode"/> or <see cref="EncodeInTime"/>) and the earlier work
    /// nearest it, ready to compare; null when it has no signature, which only work with no words lacks.
    /// </summary>
    public async Task<EarlierMeaning?> Find(IQuerySession session, Guid submissionId, EncodedWork work, ChallengeDetails challenge,
        SubmissionSignature? signature, CancellationToken cancellation)
    {
        if (signature is null) return null;
        if (work.Passages.Count == 0 || options.MeaningCandidates <= 0) return new EarlierMeaning(work, []);
        var brief = Brief(signature.ChallengeId, challenge);
        var nearest = await wholes.Nearest(session, signature, Vectors.Mean(work.Vectors), options.MeaningCandidates, cancellation);
        var earlier = await Unerased(session, nearest, cancellation);
        wholes.Forget(signature.ChallengeId, [.. nearest.Except(earlier.Select(e => e.Id))]);
        var self = ComparedMeaning.Of(submissionId, signature.CandidateId, signature.SubmittedAt,
            work.Passages.Select((p, i) => (p.Text, work.Vectors[i])), brief);
        return new EarlierMeaning(work, [self, .. earlier.Select(e => ComparedMeaning.Of(e.Id, e.CandidateId, Timestamps.Micro(e.SubmittedAt),
            e.Passages.Select(p => (p.Text, Vectors.Unpack(p.Vector))), brief))]);
    }

    /// <summary>
    /// The earlier work's passages, but none of a candidate who was erased. The erasure's masking deletes their documents
    /// in the commit that takes their signatures' bands, but the daemon may write one again from an event it read before
    /// the masking, until it reaches the erasure: the bands decide.
    /// </summary>
    private static async Task<IReadOnlyList<SubmissionMeaning>> Unerased(IQuerySession session, IReadOnlyList<Guid> ids,
        CancellationToken cancellation)
    {
        if (ids.Count == 0) return [];
        var batch = session.CreateBatchQuery();
        var meanings = batch.LoadMany<SubmissionMeaning>().ById<Guid>([.. ids]);
        var signatures = batch.LoadMany<SubmissionSignature>().ById<Guid>([.. ids]);
        await batch.Execute(cancellation);
        var signed = (await signatures).Where(s => s.Bands.Length > 0).Select(s => s.Id).ToHashSet();
        return [.. (await meanings).Where(m => signed.Contains(m.Id))];
    }

    /// <summary>The brief's directions, encoded once per challenge and text on this node.</summary>
    private BriefSubspace Brief(Guid challengeId, ChallengeDetails challenge)
    {
        var texts = BriefSubspace.Texts(challenge);
        var key = (challengeId, string.Join('\n', texts).GetHashCode());
        if (_briefs.TryGetValue(key, out var known)) return known;
        if (_briefs.Count >= BriefsKept) _briefs.Clear();
        return _briefs[key] = BriefSubspace.Of(encoder.Encode(texts));
    }
}
