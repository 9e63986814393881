using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// The dashboard's "Download CSV": for the filters and breakdown the page shows, to the person signed in, through a
/// link made at the click; anyone else is sent back to the dashboard, which says why.
/// </summary>
public partial class dashboard_csv_download(AppFixture app)
{
    private const string Page = "/analytics?from=2026-01-01&to=2026-02-01&groupBy=POSTING&asOf=2026-01-09T13:00";

    [GeneratedRegex("<a href=\"(?<href>[^\"]*)\" id=\"download\">Download CSV</a>")]
    private static partial Regex DownloadLink();

    private static string Href(string html) => WebUtility.HtmlDecode(DownloadLink().Match(html).Groups["href"].Value);

    [Fact]
    public async Task a_company_owner_downloads_the_breakdown_the_dashboard_shows()
    {
        var team = await app.NewTeam();
        var history = await GoldenHistory.WrittenTo(app, team.CompanyId);
        var (_, html, _) = await team.Owner.Browser.Get(Page);
        var href = Href(html);
        href.ShouldBe("/analytics/download?from=2026-01-01&to=2026-02-01&groupBy=POSTING&asOf=2026-01-09T13%3A00");

        var (status, _, location) = await team.Owner.Browser.Get(href);
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldStartWith("http://localhost/analytics/funnel.csv?expires=");
        var file = await app.Download(location!);
        file.Status.ShouldBe(200);
        file.Disposition.ShouldEndWith("_by-posting_as-of-20260109T130000Z.csv");

        var filter = new { from = GoldenHistory.From, to = GoldenHistory.To, asOf = GoldenHistory.T0.AddHours(100), groupBy = "POSTING", completedOnly = false };
        var answer = (await app.Host.GraphQL(hiring_funnel.Query, new { filter }, team.Owner.Token)).Data("hiringFunnel");
        FunnelDownloads.Lines(file.Body).ShouldBe(FunnelDownloads.Lines(answer));
        FunnelDownloads.Lines(file.Body).Select(l => l.Group).Distinct().ShouldBe(new[] { history.Posting, history.SmallPosting }.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task anyone_not_signed_in_or_not_allowed_is_sent_back_to_the_dashboard()
    {
        var download = "/analytics/download?from=2026-01-01&to=2026-02-01";
        using (var visitor = Browser.For(app))
        {
            var (status, _, location) = await visitor.Get(download);
            status.ShouldBe(HttpStatusCode.Redirect);
            location.ShouldBe("/analytics?from=2026-01-01&to=2026-02-01");
        }
        var candidate = await app.SignedUp("candidate");
        (await candidate.Browser.Get(download)).Location.ShouldBe("/analytics?from=2026-01-01&to=2026-02-01");
        (await candidate.Browser.Get("/analytics?from=2026-01-01&to=2026-02-01")).Body.ShouldNotContain("Download CSV");
    }
}
