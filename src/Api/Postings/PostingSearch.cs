using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.Postings;

/// <summary>
/// A search by words and by meaning at once (docs/adr/0030). The words are PostgreSQL's full text
/// (<c>ix_postingview_search</c>, GIN over <see cref="Document"/>, the posting's title and description); the meaning is the query's similarity to each
/// posting's whole, from the node's index. A posting found by its words scores its similarity plus
/// <see cref="WordsBonus"/> plus its text rank; one found by meaning alone must be at least <see cref="Floor"/> similar
/// and within <see cref="Margin"/> of the best similarity among the search's hits, so a search whose words match
/// strongly somewhere does not trail in postings that only share a theme, and "event-driven" still finds the posting
/// about Kafka and sagas that never says it. Paged by rank.
/// </summary>
public static class PostingSearch
{
    public const float Floor = 0.2f, Margin = 0.1f, WordsBonus = 0.2f;

    /// <summary>How many of the nearest postings by meaning the search considers.</summary>
    public const int MeaningCandidates = 100;

    /// <summary>The posting's words, as the index holds them: the expression must stay the index's for the index to serve.</summary>
    public const string Document = "to_tsvector('english'::regconfig, (d.data ->> 'Title') || ' ' || (d.data ->> 'Description'))";

    private const string Words = Document + " @@ websearch_to_tsquery('english'::regconfig, ?)";

    public static async Task<Connection<PostingView>> Page(IQuerySession session, KeysetQuery filters, string text,
        IReadOnlyList<(Guid Id, float Similarity)> near, int pageSize, int offset, CancellationToken cancellation)
    {
        var (where, values) = filters.Conditions;
        var ids = near.Select(n => n.Id).ToArray();
        // The best similarity among the hits is a window over them, so one statement both finds and cuts.
        var hits = $"""
            from (select d.id, d.listed_at, d.data, coalesce(m.similarity, 0) as similarity, max(coalesce(m.similarity, 0)) over () as best,
                case when {Words} then ? + ts_rank({Document}, websearch_to_tsquery('english'::regconfig, ?)) end as words
              from mt_doc_postingview d left join unnest(?::uuid[], ?::real[]) as m(id, similarity) on m.id = d.id
              where {where} and (d.id = any(?) or {Words})) as hits
            where words is not null or similarity >= greatest(?, best - ?)
            """;
        object[] parameters = [text, WordsBonus, text, ids, near.Select(n => n.Similarity).ToArray(), .. values, ids, text, Floor, Margin];
        var rows = await session.QueryAsync<PostingView>(
            "select data " + hits + " order by coalesce(words, 0) + similarity desc, listed_at desc, id desc limit ? offset ?",
            cancellation, [.. parameters, pageSize, offset]);
        var total = (await session.QueryAsync<int>("select count(*)::int " + hits, cancellation, parameters)).Single();
        return Connection<PostingView>.Ranked(rows, offset, total);
    }
}
