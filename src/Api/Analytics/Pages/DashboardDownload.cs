using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Web;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>
/// The dashboard's "Download CSV": asks hiringFunnelCsv, as the signed-in person, for the filters the dashboard shows,
/// and sends the browser on to the link. The link is made when the person clicks, so a page left open never offers an
/// expired one.
/// </summary>
public sealed class DashboardDownload(PageQueries queries, TimeProvider clock)
{
    public const string Path = "/analytics/download";

    private const string Query = "query($filter: FunnelFilter!) { hiringFunnelCsv(filter: $filter) { url } }";

    private sealed record Link(string Url);

    private sealed record LinkData(Link HiringFunnelCsv);

    public async Task<IResult> Start(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        var filters = DashboardFilters.Parse(http.Request.Query, clock.GetUtcNow());
        // Signed out, not allowed, or filters the funnel refuses: the dashboard with the same filters says why.
        var back = Results.Redirect(filters.WithAsOf(filters.AsOf));
        if (await AccountActor.FromSession(http) is not { } actor || !Dashboard.MayRead(actor)) return back;
        try
        {
            var data = await queries.Run<LinkData>(http, actor, Query, new { filter = filters.Input(filters.GroupBy) });
            return Results.Redirect(data.HiringFunnelCsv.Url);
        }
        catch (PageQueryFailed e) when (e.IsTheCallers)
        {
            return back;
        }
    }
}
