using Marketplace.Api.Infrastructure.GraphQL;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Infrastructure.Web;

/// <summary>A list of cards as every listing page shows one; each feature draws its own card.</summary>
public static class Cards
{
    public static string List<T>(Connection<T> items, Func<T, string> card, string emptyTitle, string emptyText, string href, string link) =>
        items.Edges.Count == 0
            ? Empty(emptyTitle, emptyText, href, link)
            : $"""<ul class="cards">{Join(items.Nodes, card)}</ul>{More(items)}""";

    /// <summary>An honest empty state: what is missing, and where to go instead when there is somewhere.</summary>
    public static string Empty(string title, string text, string? href = null, string? link = null) => $"""
        <div class="empty" role="status">
        <p class="empty-title">{E(title)}</p>
        <p>{E(text)}{(href is null ? "" : $""" <a href="{href}">{E(link)}</a>""")}</p>
        </div>
        """;

    private static string More<T>(Connection<T> connection) =>
        connection.TotalCount > connection.Edges.Count ? $"""<p class="meta">Showing {E(connection.Edges.Count)} of {E(connection.TotalCount)}.</p>""" : "";
}
