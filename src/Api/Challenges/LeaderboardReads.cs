using GraphQL.DataLoader;
using Marketplace.Domain.Candidates;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Projections.Challenges;
using Marten;

namespace Marketplace.Api.Challenges;

/// <summary>
/// The leaderboard's reads, on its rows (one per candidate) and the counts of candidates per best score: a page is a
/// range of <c>ix_leaderboardrow_rank</c>, its total a sum of counts, and a position a sum of counts and a count within
/// one score. None reads more than a page of rows or one score's, so a challenge with 100,000 submissions answers about
/// as one with 100 does (docs/performance.md, docs/adr/0033).
/// </summary>
public sealed class LeaderboardReads(IQuerySession session)
{
    /// <summary>
    /// A page of the board by rank and its total, the sum of the counts per score (<see cref="LeaderboardCounts"/>): in one
    /// statement, so both come from one snapshot, and a page never shows fewer rows than its total while the daemon writes.
    /// </summary>
    public async Task<Connection<LeaderboardEntry>> Page(Guid challengeId, int offset, int first, CancellationToken cancellation)
    {
        var page = (await session.QueryAsync<Ranked>(
            $"select jsonb_build_object('Total', (select coalesce(sum(candidates), 0) from {LeaderboardCounts.Table} where challenge_id = ?), " +
            "'Rows', coalesce((select jsonb_agg(r.data order by r.rank_key) from (select data, rank_key from mt_doc_leaderboardrow " +
            "where challenge_id = ? and rank_key is not null order by rank_key limit ? offset ?) r), '[]'::jsonb))",
            cancellation, challengeId, challengeId, first, offset)).Single();
        return Connection<LeaderboardEntry>.Ranked(page.Rows
            .Select((row, i) => new LeaderboardEntry(offset + i + 1, Handles.For(row.CandidateId), row.BestScore!.Value, row.SubmittedAt!.Value))
            .ToList(), offset, page.Total);
    }

    private sealed record Ranked(int Total, List<LeaderboardRow> Rows);

    /// <summary>The figures of the challenges a request asks for, in one statement (through a <see cref="BatchLoader{T}"/>).</summary>
    public static async Task<IReadOnlyList<ChallengeFigures>> Figures(IQuerySession session, Guid[] challenges, CancellationToken cancellation) =>
        await session.QueryAsync<ChallengeFigures>(
            "select jsonb_build_object('ChallengeId', challenge_id, 'Submissions', submissions, 'Scored', scored, 'ScoreTotal', score_total) " +
            $"from {LeaderboardCounts.Figures} where challenge_id = any(?)", cancellation, challenges);

    /// <summary>
    /// Where a candidate stands with a score just given: 1 + the candidates ahead of the better of their row and that
    /// score. Counted from that score, so it holds before the board (kept in the background) has it. Every position a
    /// request asks for is counted in one statement.
    /// </summary>
    public IDataLoaderResult<int?> Position(Guid challengeId, Guid candidateId, int score, DateTimeOffset submittedAt) =>
        Positions.Load(new Standing(challengeId, LeaderboardRow.IdFor(challengeId, candidateId), LeaderboardRow.KeyFor(score, submittedAt, candidateId)))
            .Then(count => count is null ? (int?)null : 1 + count.Ahead);

    private BatchLoader<Standing, Count> Positions => field ??= new(Ahead, count => count.Standing);

    /// <summary>
    /// Ahead: the candidates at a better score, from the counts, and those at the same score with a lower key, a range of
    /// the index that starts at the score's prefix. The candidate's own row is never below their key.
    /// </summary>
    private async Task<IReadOnlyList<Count>> Ahead(Standing[] batch, CancellationToken cancellation) =>
        await session.QueryAsync<Count>(
            "select jsonb_build_object('Standing', jsonb_build_object('ChallengeId', q.challenge_id, 'RowId', q.row_id, 'Key', q.rank_key), 'Ahead', " +
            $"(select coalesce(sum(s.candidates), 0) from {LeaderboardCounts.Table} s where s.challenge_id = q.challenge_id " +
            "and s.score > 2147483647 - left(m.rank_key, 10)::bigint) + " +
            "(select count(*) from mt_doc_leaderboardrow r where r.challenge_id = q.challenge_id " +
            "and r.rank_key >= left(m.rank_key, 10) and r.rank_key < m.rank_key)) " +
            "from unnest(?::uuid[], ?::uuid[], ?::text[]) as q(challenge_id, row_id, rank_key) cross join lateral (select " +
            "least(q.rank_key, coalesce((select o.rank_key from mt_doc_leaderboardrow o where o.id = q.row_id), q.rank_key)) as rank_key) m",
            cancellation, batch.Select(s => s.ChallengeId).ToArray(), batch.Select(s => s.RowId).ToArray(), batch.Select(s => s.Key).ToArray());

    private sealed record Standing(Guid ChallengeId, Guid RowId, string Key);

    private sealed record Count(Standing Standing, int Ahead);
}

/// <summary>A challenge's live submissions and the number and sum of their scores, as PostgreSQL keeps them from its leaderboard rows.</summary>
public sealed record ChallengeFigures(Guid ChallengeId, int Submissions, int Scored, long ScoreTotal)
{
    public double? AverageScore => Scored == 0 ? null : Math.Round((double)ScoreTotal / Scored, 1);
}
