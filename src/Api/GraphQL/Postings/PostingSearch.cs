using System.Text;
using System.Text.Json;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Api.Identity;
using Marketplace.Domain.Common;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.GraphQL.Postings;

/// <summary>
/// Filtered, keyset-paged postings. Written as SQL over the posting documents' duplicated columns and indexes,
/// newest listing first, ties broken by id, so a cursor stays valid while postings come and go.
/// </summary>
public sealed class PostingSearch(IQuerySession session)
{
    public async Task<Connection<PostingView>> Search(PostingQuery filter, int? first, string? after, Actor actor, CancellationToken cancellation)
    {
        var pageSize = Paging.PageSize(first);
        var where = new StringBuilder("true");
        var parameters = new List<object>();

        void And(string condition, params object[] values)
        {
            where.Append(" and ").Append(condition);
            parameters.AddRange(values);
        }

        // Outsiders see open postings; a company also sees its own in every state.
        if (actor.Role == Roles.Admin) { }
        else if (actor is { Role: Roles.Company, CompanyId: { } own }) And("(d.status = 'Open' or d.company_id = ?)", own);
        else And("d.status = 'Open'");

        if (filter.Status is { } status) And("d.status = ?", status.ToString());
        if (filter.Skill is { Length: > 0 } skill) And("d.data @> ?::jsonb", JsonSerializer.Serialize(new { Skills = new[] { skill } }));
        if (filter.Role is { Length: > 0 } role) And("lower(d.role) = lower(?)", role);
        if (filter.Seniority is { } seniority) And("d.seniority = ?", seniority.ToString());
        if (filter.RemotePolicy is { } remote) And("d.remote_policy = ?", remote.ToString());
        if (filter.MinSalary is { } minSalary) And("d.salary_max >= ?", minSalary);
        if (filter.CompanyId is { } companyText)
            And("d.company_id = ?", Ids.TryParse(companyText) ?? throw new ValidationFailed("filter.companyId", "companyId is not a valid id."));
        if (filter.Text is { Length: > 0 } text)
        {
            Input.Text("filter.text", text, 1, 200);
            And("to_tsvector('english'::regconfig, d.data ->> 'SearchText') @@ websearch_to_tsquery('english'::regconfig, ?)", text);
        }

        var filtered = where.ToString();
        var filterParameters = parameters.ToArray();
        if (after is not null)
        {
            var (listedAt, id) = Cursor.Decode(after);
            And("(d.listed_at, d.id) < (?, ?)", listedAt, id);
        }
        parameters.Add(pageSize + 1);

        var rows = await session.QueryAsync<PostingView>(
            $"select d.data from mt_doc_postingview d where {where} order by d.listed_at desc, d.id desc limit ?",
            cancellation, [.. parameters]);
        var total = (await session.QueryAsync<int>(
            $"select count(*)::int from mt_doc_postingview d where {filtered}", cancellation, filterParameters)).Single();

        var page = rows.Take(pageSize).Select(p => new Edge<PostingView>(Cursor.Encode(p.ListedAt, p.Id), p)).ToList();
        return new Connection<PostingView>(page,
            new PageInfo(rows.Count > pageSize, page.LastOrDefault()?.Cursor, after is not null, page.FirstOrDefault()?.Cursor),
            total);
    }

    private static class Cursor
    {
        public static string Encode(DateTimeOffset listedAt, Guid id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listedAt.UtcTicks}:{id:N}"));

        public static (DateTimeOffset, Guid) Decode(string cursor)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
                if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && Guid.TryParseExact(parts[1], "N", out var id))
                    return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
            catch (FormatException) { }
            catch (ArgumentOutOfRangeException) { }
            throw new ValidationFailed("after", "after is not a cursor this API handed out.");
        }
    }
}
