using Marketplace.Domain.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Postings;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Applications;
using Marten;

namespace Marketplace.Api.Applications;

/// <summary>
/// The SQL reads of applications, each beside the index it relies on (declared on <c>ApplicationView</c> in
/// <c>Composition/MarketplaceStore.cs</c>: one per posting, candidate and company, each ending in the page's order).
/// The statements keep their text from call to call, so pooled connections prepare them (docs/adr/0017).
/// </summary>
public sealed class ApplicationReads(IQuerySession session)
{
    private const string Table = "mt_doc_applicationview";

    /// <summary>
    /// The applications to one posting, newest first, keyset-paged: <c>ix_applicationview_posting</c> (posting, listed_at,
    /// id) gives the order and the cursor; stage and status filter the posting's rows.
    /// </summary>
    public Task<Connection<ApplicationView>> ToPosting(Guid postingId, Stage? stage, ApplicationStatus? status, int? first, string? after,
        CancellationToken cancellation)
    {
        var query = new KeysetQuery(Table).And("d.posting_id = ?", postingId);
        if (stage is { } s) query.And("d.stage = ?", s.ToString());
        if (status is { } st) query.And("d.status = ?", st.ToString());
        return query.Page<ApplicationView>(session, first, after, cancellation);
    }

    /// <summary>
    /// A candidate's own applications (<c>ix_applicationview_candidate</c>) or a company member's company's
    /// (<c>ix_applicationview_company</c>), newest first, keyset-paged in each index's order; nobody else has any.
    /// </summary>
    public Task<Connection<ApplicationView>> Of(Actor actor, int? first, string? after, CancellationToken cancellation)
    {
        var query = new KeysetQuery(Table);
        switch (actor)
        {
            case { Role: Roles.Candidate, Subject: { } candidate }: query.And("d.candidate_id = ?", candidate); break;
            case { Role: Roles.Company } when actor.CompanyFor(CompanyCapabilities.Pipeline) is { } company: query.And("d.company_id = ?", company); break;
            default: query.And("false"); break;
        }
        return query.Page<ApplicationView>(session, first, after, cancellation);
    }

    /// <summary>
    /// When each application last changed (reached its stage, or ended): the business time of its stream's latest event,
    /// which every application event carries as <c>At</c>. The streams' primary key, then the events' (stream_id, version) key.
    /// </summary>
    public async Task<IReadOnlyList<StageChange>> LastChanges(Guid[] applications, CancellationToken cancellation) =>
        await session.QueryAsync<StageChange>(
            "select jsonb_build_object('Id', s.id, 'At', e.data -> 'At') from mt_streams s " +
            "join mt_events e on e.stream_id = s.id and e.version = s.version where s.id = any(?)", cancellation, applications);

    /// <summary>
    /// Postings' applications counted per stage and status, every posting a request asks for in one statement (through
    /// <see cref="PipelineCounts"/>): <c>ix_applicationview_posting</c>. A posting without applications is not in the answer.
    /// </summary>
    public async Task<IReadOnlyList<PostingPipeline>> Pipelines(Guid[] postings, CancellationToken cancellation) =>
        await session.QueryAsync<PostingPipeline>(
            "select jsonb_build_object('PostingId', posting_id, 'Counts', jsonb_agg(counted order by counted)) from (" +
            "select posting_id, jsonb_build_object('Stage', stage, 'Status', status, 'Count', count(*)) as counted from mt_doc_applicationview " +
            "where posting_id = any(?) group by posting_id, stage, status) c group by posting_id", cancellation, postings);
}
