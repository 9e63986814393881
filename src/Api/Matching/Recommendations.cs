using Marketplace.Api.Meaning;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Submissions;
using Marketplace.Projections.Talent;
using Marten;

namespace Marketplace.Api.Matching;

/// <summary>
/// Recommendations from the node's meaning index (docs/adr/0030): the nearest vectors in memory, then the documents of
/// the few found, read in two round trips, for what they show and for their reasons.
/// </summary>
public sealed class Recommendations(IQuerySession session, MeaningIndex index)
{
    public const int MaxFirst = 50;

    /// <summary>Below this score a posting and a candidate share too little to be recommended to each other.</summary>
    public const float Floor = 0.2f;

    /// <summary>
    /// Candidates found beyond those asked for, in case some stopped being discoverable since the index learnt it or are
    /// not in the talent pool of the posting's skills.
    /// </summary>
    private static int Spare(int first) => Math.Max(10, first);

    /// <summary>
    /// Open postings nearest to the candidate's work and profile, best first, at least <see cref="Floor"/> similar; none
    /// before the candidate has a vector.
    /// </summary>
    public async Task<IReadOnlyList<PositionRecommendation>> Positions(Guid candidate, int first, CancellationToken cancellation)
    {
        var near = await index.Read(view => view.Candidates.TryGet(candidate, out var vector, out _)
            ? view.Postings.Nearest(vector, first, p => p.Status == PostingStatus.Open ? 1 : 0, Floor)
            : [], cancellation);
        if (near.Count == 0) return [];
        var ids = near.Select(n => n.Id).ToArray();
        var batch = session.CreateBatchQuery();
        var postings = batch.LoadMany<PostingView>().ById(ids);
        var meanings = batch.LoadMany<PostingMeaning>().ById(ids);
        var work = batch.Query<SubmissionMeaning>().Where(s => s.CandidateId == candidate).ToList();
        var views = batch.Query<SubmissionView>().Where(s => s.CandidateId == candidate).ToList();
        await batch.Execute(cancellation);
        var reasons = new Reasons(await work, await views, await Challenges(await work, cancellation));
        var open = (await postings).Where(p => p.Status == PostingStatus.Open).ToDictionary(p => p.Id);
        var meaning = (await meanings).ToDictionary(m => m.Id);
        return [.. near.Where(n => open.ContainsKey(n.Id)).Select(n =>
            new PositionRecommendation(open[n.Id], MathF.Round(n.Score, 3), reasons.For(meaning.GetValueOrDefault(n.Id), open[n.Id].Description)))];
    }

    /// <summary>
    /// Discoverable candidates with reviewed work nearest to the posting, best first, each similarity weighed by the
    /// candidate's best reviewed score (from 0.6 at a score of 0 to 1 at 100): a close match with weak work ranks below
    /// a close match with strong work. Only candidates the company may invite to it: discoverable, read from their
    /// profiles now, and in the talent pool of one of the posting's skills (a scored submission in it), as
    /// inviteCandidate requires.
    /// </summary>
    public async Task<IReadOnlyList<CandidateRecommendation>> Candidates(PostingView posting, int first, CancellationToken cancellation)
    {
        var near = await index.Read(view => view.Postings.TryGet(posting.Id, out var vector, out _)
            ? view.Candidates.Nearest(vector, first + Spare(first), c => c is { Discoverable: true, HasWork: true } ? 0.6f + 0.4f * c.BestScore / 100f : 0, Floor)
            : [], cancellation);
        if (near.Count == 0) return [];
        var nearIds = near.Select(n => n.Id).ToArray();
        var check = session.CreateBatchQuery();
        var profiles = check.LoadMany<CandidateView>().ById(nearIds);
        var pools = check.LoadMany<TalentProfile>().ById(nearIds);
        await check.Execute(cancellation);
        var discoverable = (await profiles).Where(c => c.Discoverable).Select(c => c.Id).ToHashSet();
        var inPool = (await pools).Where(t => t.Best.Keys.Any(posting.Skills.Contains)).Select(t => t.Id).ToHashSet();
        var found = near.Where(n => discoverable.Contains(n.Id) && inPool.Contains(n.Id)).Take(first).ToList();
        if (found.Count == 0) return [];
        var ids = found.Select(n => n.Id).ToArray();
        var batch = session.CreateBatchQuery();
        var meaning = batch.Load<PostingMeaning>(posting.Id);
        var work = batch.Query<SubmissionMeaning>().Where(s => ids.Contains(s.CandidateId)).ToList();
        var views = batch.Query<SubmissionView>().Where(s => ids.Contains(s.CandidateId)).ToList();
        await batch.Execute(cancellation);
        var challenges = await Challenges(await work, cancellation);
        var postingMeaning = await meaning;
        var byCandidate = (await work).ToLookup(s => s.CandidateId);
        var viewsByCandidate = (await views).ToLookup(s => s.CandidateId);
        return [.. found.Select(n => new CandidateRecommendation(n.Id, Handles.For(n.Id), MathF.Round(n.Score, 3), n.Facts.BestScore,
            new Reasons(byCandidate[n.Id], viewsByCandidate[n.Id], challenges).For(postingMeaning, posting.Description)))];
    }

    private async Task<IReadOnlyList<ChallengeView>> Challenges(IEnumerable<SubmissionMeaning> work, CancellationToken cancellation) =>
        await session.LoadManyAsync<ChallengeView>(cancellation, Reasons.ChallengesOf(work).ToArray());
}
