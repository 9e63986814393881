using GraphQL.Types;

namespace Marketplace.Api.Infrastructure.GraphQL;

public sealed record PageInfo(bool HasNextPage, string? EndCursor, bool HasPreviousPage, string? StartCursor);

public sealed record Edge<T>(string Cursor, T Node);

/// <summary>
/// A Relay connection: what the connection fields resolve to, and what the pages read back from their documents'
/// answers (docs/adr/0015), which carry only the fields those documents select (no cursors or pageInfo there).
/// </summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo, int TotalCount)
{
    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);

    /// <summary>A page of a ranked list, whose cursors are ranks ("rank:n"): leaderboards and the talent pool.</summary>
    public static Connection<T> Ranked(IReadOnlyList<T> page, int offset, int total) =>
        new(page.Select((node, i) => new Edge<T>($"rank:{offset + i + 1}", node)).ToList(),
            new PageInfo(offset + page.Count < total, page.Count > 0 ? $"rank:{offset + page.Count}" : null, offset > 0,
                page.Count > 0 ? $"rank:{offset + 1}" : null),
            total);
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(x => x.HasNextPage);
        Field(x => x.EndCursor, nullable: true);
        Field(x => x.HasPreviousPage);
        Field(x => x.StartCursor, nullable: true);
    }
}

/// <summary>Relay connection named after its node type, e.g. PostingConnection with PostingEdge.</summary>
public abstract class ConnectionType<TEdgeType, T> : ObjectGraphType<Connection<T>> where TEdgeType : IGraphType
{
    protected ConnectionType(string nodeName)
    {
        Name = nodeName + "Connection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public abstract class EdgeType<TNodeType, T> : ObjectGraphType<Edge<T>> where TNodeType : IGraphType
{
    protected EdgeType(string nodeName)
    {
        Name = nodeName + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
    }
}

public static class Paging
{
    /// <summary>How many ranks a "rank:n" cursor says to skip.</summary>
    public static int RankOffset(string? after) =>
        after is null ? 0
        : after.StartsWith("rank:") && int.TryParse(after[5..], out var rank) && rank >= 1 ? rank
        : throw new Domain.Common.ValidationFailed("after", "after is not a cursor this API handed out.");

    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static int PageSize(int? first) => first switch
    {
        null => DefaultPageSize,
        < 0 => throw new Domain.Common.ValidationFailed("first", "first must not be negative."),
        > MaxPageSize => throw new Domain.Common.ValidationFailed("first", $"first must be at most {MaxPageSize}."),
        _ => first.Value,
    };

    public static QueryArguments Arguments(params QueryArgument[] extra) => new(extra.Concat(
    [
        new QueryArgument<IntGraphType> { Name = "first", Description = $"Page size, default {DefaultPageSize}, at most {MaxPageSize}." },
        new QueryArgument<StringGraphType> { Name = "after", Description = "The endCursor of the previous page." },
    ]));
}
