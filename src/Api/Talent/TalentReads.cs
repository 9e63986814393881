using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Candidates;
using Marten;

namespace Marketplace.Api.Talent;

/// <summary>
/// The talent pool's read, on the rows and counts PostgreSQL keeps from the talent profiles (<see cref="TalentPoolTables"/>):
/// a page is a range of <c>ix_talent_pool_rank</c> and its total a sum of counts per score, so a pool of 100,000
/// candidates answers about as one of 100 does (docs/performance.md, docs/adr/0035). The text stays the same from call
/// to call, so pooled connections prepare it (docs/adr/0017).
/// </summary>
public sealed class TalentReads(IQuerySession session)
{
    /// <summary>
    /// Discoverable candidates with a best score of at least <paramref name="minScore"/> in the skill: best score first,
    /// ties by candidate id, so a rank cursor stays put. The page and its total in one statement, so both come from one
    /// snapshot while the daemon writes. A candidate who has just hidden is left off the page at once, read from their
    /// view by key for the page's rows only; the rows and the total follow within the daemon's lag (docs/adr/0035).
    /// </summary>
    public async Task<Connection<TalentEntry>> Page(string skill, int minScore, int first, int offset, CancellationToken cancellation)
    {
        var pool = (await session.QueryAsync<Ranked>(
            $"select jsonb_build_object('Total', (select coalesce(sum(candidates), 0) from {TalentPoolTables.Scores} where skill = ? and score >= ?), " +
            "'Rows', coalesce((select jsonb_agg(jsonb_build_object('CandidateId', r.candidate_id, 'BestScore', r.score) order by r.score desc, r.candidate_id) " +
            $"from (select candidate_id, score from {TalentPoolTables.Table} where skill = ? and score >= ? " +
            "order by score desc, candidate_id limit ? offset ?) r " +
            "where exists (select 1 from mt_doc_candidateview v where v.id = r.candidate_id and v.data ->> 'Discoverable' = 'true')), '[]'::jsonb))",
            cancellation, skill, minScore, skill, minScore, first, offset)).Single();
        return Connection<TalentEntry>.Ranked(
            pool.Rows.Select(row => new TalentEntry(row.CandidateId, Handles.For(row.CandidateId), skill, row.BestScore)).ToList(), offset, pool.Total);
    }

    private sealed record Ranked(int Total, List<Row> Rows);

    private sealed record Row(Guid CandidateId, int BestScore);
}
