using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.Net.Http.Headers;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics;

/// <summary>
/// GET /analytics/funnel.csv: the address hiringFunnelCsv hands out. The link is the authorization (no token); the
/// figures come from the question it carries, answered as hiringFunnel answers it.
/// </summary>
public static class FunnelCsvDownload
{
    public static void MapFunnelCsv(this IEndpointRouteBuilder app) =>
        app.MapGet(FunnelLinks.Path, Download).RequireRateLimiting(RequestLimits.GraphQLPolicy);

    private static async Task Download(HttpContext http, FunnelLinks links, FunnelIndex index, TimeProvider clock)
    {
        // The figures belong to whoever asked for the link: no browser or proxy keeps them for the next person.
        http.Response.Headers.CacheControl = "no-store";
        FunnelQuestion question;
        try
        {
            question = links.Read(http.Request.Query);
        }
        catch (DownloadLinkRefused refused)
        {
            await Refuse(http, refused);
            return;
        }
        var funnel = await question.Answer(index, http.RequestAborted);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = FunnelCsv.FileName(question.Request, clock.GetUtcNow()),
        }.ToString();
        await FunnelCsv.Write(funnel, http.Response.Body, http.RequestAborted);
    }

    /// <summary>A person following the link reads a page; a program reads the error as /graphql gives one.</summary>
    private static Task Refuse(HttpContext http, DownloadLinkRefused refused)
    {
        var result = MediaTypes.WantsHtml(http.Request.Headers.Accept)
            ? Layout.Result(http, new Page("Download link not valid", refused.Message, $"""
                <h1>This download link cannot be used</h1>
                <p class="problem" role="alert" data-code="{E(refused.Code)}">{E(refused.Message)}</p>
                <p><a href="{Pages.Dashboard.Path}">Back to the hiring funnel</a>, where "Download CSV" makes a new link.</p>
                """) { Status = refused.Status, Indexable = false })
            : Results.Json(new { errors = new[] { new { message = refused.Message, extensions = new { code = refused.Code } } } },
                statusCode: refused.Status);
        return result.ExecuteAsync(http);
    }
}
