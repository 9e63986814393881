using Marketplace.Api.Infrastructure.GraphQL.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Marketplace.Api.Infrastructure.Web;

/// <summary>
/// What a browser sees when nothing answers an address or something fails outside a page: a short page in the site's
/// layout, never an empty body and never the exception. Clients that do not ask for HTML get a JSON error instead.
/// </summary>
public static class ErrorPages
{
    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Failed })
            .UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = Empty });

    public static Page NoSuchPage() => new("Page not found", "There is no page at this address on Marketplace.",
        """
        <h1>Page not found</h1>
        <p>There is no page at this address. <a href="/skills">Browse the skills</a> to find open challenges and positions.</p>
        """) { Status = StatusCodes.Status404NotFound, Indexable = false };

    /// <summary>An unhandled exception: the exception handler logged it; the caller learns only that it failed.</summary>
    private static async Task Failed(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (MediaTypes.WantsHtml(http.Request.Headers.Accept))
        {
            await Layout.Result(http, Layout.Failed()).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync("""{"errors":[{"message":"Something went wrong on our side.","extensions":{"code":"INTERNAL"}}]}""");
    }

    /// <summary>A response that ended with an error status and no body (an unknown address, a refused method).</summary>
    private static async Task Empty(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!MediaTypes.WantsHtml(http.Request.Headers.Accept) || HttpMethods.IsHead(http.Request.Method)) return;
        var status = http.Response.StatusCode;
        var page = status switch
        {
            StatusCodes.Status404NotFound => NoSuchPage(),
            >= 500 => Layout.Failed() with { Status = status },
            _ => new Page("This request cannot be answered", "The page could not be shown.",
                $"""
                <h1>This request cannot be answered</h1>
                <p>The address exists, but not for this kind of request (HTTP {status}). <a href="/skills">Browse the skills</a> instead.</p>
                """) { Status = status, Indexable = false },
        };
        await Layout.Result(http, page).ExecuteAsync(http);
    }
}
