using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Antiforgery;
using System.Text;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Infrastructure.Web;

/// <summary>A rendered page: what goes into its head and its main content.</summary>
public sealed record Page(string Title, string Description, string Body)
{
    public int Status { get; init; } = 200;

    /// <summary>schema.org structured data, already serialised (<see cref="StructuredData"/>).</summary>
    public string? JsonLd { get; init; }

    /// <summary>Pages behind a sign-in are not for search engines.</summary>
    public bool Indexable { get; init; } = true;
}

public static class Layout
{
    public static IResult Result(HttpContext http, Page page)
    {
        var request = http.Request;
        var canonical = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(page.Title)}} · Marketplace</title>
            <meta name="description" content="{{E(page.Description)}}">
            {{(page.Indexable ? $"<link rel=\"canonical\" href=\"{E(canonical)}\">" : "<meta name=\"robots\" content=\"noindex\">")}}
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/site/site.css">
            {{(page.JsonLd is null ? "" : $"<script type=\"application/ld+json\">{page.JsonLd}</script>")}}
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="site">
            <nav aria-label="Site"><a class="brand" href="/skills">Marketplace</a><a href="/skills">Skills</a><a href="/postings">Openings</a><a href="/challenges">Challenges</a><a href="/analytics">Analytics</a>{{Account(http)}}</nav>
            </header>
            <main id="main">
            {{page.Body}}
            </main>
            <footer class="site"><p>Marketplace: practise a skill, get feedback, get hired. Data through <a href="/graphql">the GraphQL API</a>.</p></footer>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, page.Status);
    }

    /// <summary>Who is signed in (Accounts/SignedIn.cs), with the way out; or the way in.</summary>
    private static string Account(HttpContext http)
    {
        if (http.Items[SignedIn.Key] is not string who) return "<a class=\"account\" href=\"/account/sign-in\">Sign in</a>";
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<a class=\"account\" href=\"/account\">{E(who)}</a>" +
               $"<form class=\"sign-out\" method=\"post\" action=\"/account/sign-out\"><input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\"><button type=\"submit\">Sign out</button></form>";
    }

    public static Page NotFound(string what) => new($"{what} not found", $"There is no such {what.ToLowerInvariant()} on Marketplace.",
        $"""
        <h1>{E(what)} not found</h1>
        <p>There is no such {E(what.ToLowerInvariant())}, or it is no longer open. <a href="/skills">Browse the skills</a> to find open challenges and positions.</p>
        """) { Status = StatusCodes.Status404NotFound, Indexable = false };

    public static Page Unavailable() => new("Back in a moment", "The page could not be shown right now.",
        """
        <h1>Back in a moment</h1>
        <p>Marketplace cannot reach its data right now. Please reload the page shortly.</p>
        """) { Status = StatusCodes.Status503ServiceUnavailable, Indexable = false };

    public static Page Failed() => new("Something went wrong", "The page could not be shown.",
        """
        <h1>Something went wrong</h1>
        <p>The page could not be shown right now. Please try again in a moment.</p>
        """) { Status = StatusCodes.Status500InternalServerError, Indexable = false };
}
