using System.Text.Json;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Api.Identity;
using Marketplace.Domain.Common;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.GraphQL.Postings;

/// <summary>Filtered, keyset-paged postings over the posting documents' duplicated columns and indexes.</summary>
public sealed class PostingSearch(IQuerySession session)
{
    public Task<Connection<PostingView>> Search(PostingQuery filter, int? first, string? after, Actor actor, CancellationToken cancellation)
    {
        var query = new KeysetQuery("mt_doc_postingview");

        // Outsiders see open postings; a company also sees its own in every state.
        if (actor.Role == Roles.Admin) { }
        else if (actor is { Role: Roles.Company, CompanyId: { } own }) query.And("(d.status = 'Open' or d.company_id = ?)", own);
        else query.And("d.status = 'Open'");

        if (filter.Status is { } status) query.And("d.status = ?", status.ToString());
        if (filter.Skill is { Length: > 0 } skill) query.And("d.data @> ?::jsonb", JsonSerializer.Serialize(new { Skills = new[] { skill } }));
        if (filter.Role is { Length: > 0 } role) query.And("lower(d.role) = lower(?)", role);
        if (filter.Seniority is { } seniority) query.And("d.seniority = ?", seniority.ToString());
        if (filter.RemotePolicy is { } remote) query.And("d.remote_policy = ?", remote.ToString());
        if (filter.MinSalary is { } minSalary) query.And("d.salary_max >= ?", minSalary);
        if (filter.CompanyId is { } companyText)
            query.And("d.company_id = ?", Ids.TryParse(companyText) ?? throw new ValidationFailed("filter.companyId", "companyId is not a valid id."));
        if (filter.Text is { Length: > 0 } text)
        {
            Input.Text("filter.text", text, 1, 200);
            query.And("to_tsvector('english'::regconfig, d.data ->> 'SearchText') @@ websearch_to_tsquery('english'::regconfig, ?)", text);
        }
        return query.Page<PostingView>(session, first, after, cancellation);
    }
}
