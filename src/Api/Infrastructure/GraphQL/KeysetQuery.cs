using Marketplace.Domain.Common;
using Marketplace.Projections.Common;
using Marten;
using System.Text;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>
/// A filtered, keyset-paged read of a listed document table: newest listing first, ties broken by id, so a cursor
/// stays valid while rows come and go. Conditions are SQL over the table's duplicated columns (alias d).
/// </summary>
public sealed class KeysetQuery(string table)
{
    private readonly StringBuilder _where = new("true");
    private readonly List<object> _parameters = [];

    public KeysetQuery And(string condition, params object[] values)
    {
        _where.Append(" and ").Append(condition);
        _parameters.AddRange(values);
        return this;
    }

    /// <summary>The conditions so far (over alias d) and their values, for a read that ranks instead (a search).</summary>
    public (string Sql, object[] Values) Conditions => (_where.ToString(), [.. _parameters]);

    public async Task<Connection<T>> Page<T>(IQuerySession session, int? first, string? after, CancellationToken cancellation)
        where T : IListed
    {
        var pageSize = Paging.PageSize(first);
        var where = _where.ToString();
        var parameters = new List<object>(_parameters);
        if (after is not null)
        {
            var (listedAt, id) = Cursor.Decode(after);
            where += " and (d.listed_at, d.id) < (?, ?)";
            parameters.AddRange([listedAt, id]);
        }
        parameters.Add(pageSize + 1);

        var rows = await session.QueryAsync<T>(
            $"select d.data from {table} d where {where} order by d.listed_at desc, d.id desc limit ?", cancellation, [.. parameters]);
        var total = (await session.QueryAsync<int>(
            $"select count(*)::int from {table} d where {_where}", cancellation, [.. _parameters])).Single();

        var page = rows.Take(pageSize).Select(row => new Edge<T>(Cursor.Encode(row.ListedAt, row.Id), row)).ToList();
        return new Connection<T>(page,
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
