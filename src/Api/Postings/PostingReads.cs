using Marketplace.Domain.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Meaning;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Postings;
using Marten;
using System.Text.Json;

namespace Marketplace.Api.Postings;

/// <summary>
/// The SQL reads of postings, each beside the index it relies on (declared on <c>PostingView</c> in
/// <c>Hosting/MarketplaceStore.cs</c>; a duplicated column gets Marten's <c>mt_doc_postingview_idx_&lt;column&gt;</c>).
/// The statements keep their text from call to call, so pooled connections prepare them (docs/adr/0017).
/// </summary>
public sealed class PostingReads(IQuerySession session, MeaningIndex meaning, QueryVectors queries)
{
    /// <summary>
    /// Filtered postings. Without search text: keyset-paged, newest first. Order and cursor:
    /// <c>mt_doc_postingview_idx_listed_at</c>; filters: <c>_idx_status</c>, <c>_idx_company_id</c>, <c>_idx_seniority</c>,
    /// <c>_idx_remote_policy</c>, <c>_idx_salary_max</c>, the skill containment <c>_idx_data</c> (GIN over the document).
    /// The role filter, <c>lower(role)</c>, is not indexed. With search text: ranked by words and meaning together
    /// (<see cref="PostingSearch"/>), paged by rank.
    /// </summary>
    public async Task<Connection<PostingView>> Search(PostingQuery filter, int? first, string? after, Actor actor, CancellationToken cancellation)
    {
        var query = new KeysetQuery("mt_doc_postingview");

        // Outsiders see open postings; a company also sees its own in every state.
        var own = actor.Role == Roles.Admin ? null : actor.CompanyFor(CompanyCapabilities.Postings | CompanyCapabilities.Pipeline);
        if (actor.Role == Roles.Admin) { }
        else if (own is { } company) query.And("(d.status = 'Open' or d.company_id = ?)", company);
        else query.And("d.status = 'Open'");

        if (filter.Status is { } status) query.And("d.status = ?", status.ToString());
        if (filter.Skill is { Length: > 0 } skill) query.And("d.data @> ?::jsonb", JsonSerializer.Serialize(new { Skills = new[] { skill } }));
        if (filter.Role is { Length: > 0 } role) query.And("lower(d.role) = lower(?)", role);
        if (filter.Seniority is { } seniority) query.And("d.seniority = ?", seniority.ToString());
        if (filter.RemotePolicy is { } remote) query.And("d.remote_policy = ?", remote.ToString());
        if (filter.MinSalary is { } minSalary) query.And("d.salary_max >= ?", minSalary);
        Guid? companyFilter = filter.CompanyId is { } companyText
            ? Ids.TryParse(companyText) ?? throw new ValidationFailed("filter.companyId", "companyId is not a valid id.")
            : null;
        if (companyFilter is { } filtered) query.And("d.company_id = ?", filtered);
        if (filter.Text is not { Length: > 0 } text) return await query.Page<PostingView>(session, first, after, cancellation);

        Input.Text("filter.text", text, 1, 200);
        var pageSize = Paging.PageSize(first);
        var offset = Paging.RankOffset(after);
        var vector = queries.For(text, cancellation);
        bool Visible(PostingFacts p) =>
            (actor.Role == Roles.Admin || p.Status == PostingStatus.Open || p.CompanyId == own)
            && (filter.Status is not { } wanted || p.Status == wanted) && (companyFilter is not { } c || p.CompanyId == c);
        var near = await meaning.Read(view => view.Postings.Nearest(vector, PostingSearch.MeaningCandidates, p => Visible(p) ? 1 : 0, PostingSearch.Floor),
            cancellation);
        return await PostingSearch.Page(session, query, text, near.Select(m => (m.Id, m.Score)).ToList(), pageSize, offset, cancellation);
    }

    /// <summary>
    /// A posting and its company in one round trip, or null when there is no such posting. Both by primary key
    /// (<c>pkey_mt_doc_postingview_id</c>, <c>pkey_mt_doc_companyview_id</c>).
    /// </summary>
    public async Task<(PostingView Posting, CompanyView Company)?> WithCompany(Guid id, CancellationToken cancellation)
    {
        var rows = await session.AdvancedSql.QueryAsync<PostingView, CompanyView>(
            "select row(p.data), row(c.data) from mt_doc_postingview as p " +
            "join mt_doc_companyview as c on c.id = p.company_id where p.id = ?", cancellation, id);
        return rows.Count == 0 ? null : rows[0];
    }
}
