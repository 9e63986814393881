using Marketplace.Api.Analytics;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>The CSV download (docs/analytics.md, "Download as CSV") holds exactly what hiringFunnel answers to the same filter.</summary>
public class funnel_csv_download(AppFixture app)
{
    private async Task<(IReadOnlyList<FunnelLine> Answer, Download File)> Both(string token, object filter)
    {
        var answer = (await app.Host.GraphQL(hiring_funnel.Query, new { filter }, token)).Data("hiringFunnel");
        var url = (await app.DownloadLink(token, filter)).Data("hiringFunnelCsv.url").GetString()!;
        return (FunnelDownloads.Lines(answer), await app.Download(url));
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("POSTING")]
    [InlineData("COMPANY")]
    [InlineData("SKILL")]
    [InlineData("SOURCE")]
    [InlineData("DAY")]
    [InlineData("WEEK")]
    [InlineData("MONTH")]
    public async Task the_file_holds_what_hiring_funnel_answers_number_for_number(string groupBy)
    {
        var history = await GoldenHistory.WrittenTo(app);
        var asOf = GoldenHistory.T0.AddHours(100);
        foreach (var (moment, completedOnly) in new (DateTimeOffset?, bool)[] { (null, false), (asOf, false), (null, true), (asOf, true) })
        {
            var (answer, file) = await Both(app.Token(Roles.Analyst), hiring_funnel.Filter(history, moment, completedOnly, groupBy));
            file.Status.ShouldBe(200, file.Body);
            answer.ShouldNotBeEmpty();
            FunnelDownloads.Lines(file.Body).ShouldBe(answer, $"{groupBy}, asOf {moment}, completedOnly {completedOnly}");
        }
    }

    [Fact]
    public async Task a_small_group_keeps_its_counts_and_leaves_its_time_cells_empty()
    {
        var history = await GoldenHistory.WrittenTo(app);
        var (answer, file) = await Both(app.Token(Roles.Analyst), hiring_funnel.Filter(history, groupBy: "POSTING"));
        var lines = FunnelDownloads.Lines(file.Body);
        lines.ShouldBe(answer);

        var small = lines.Where(l => l.Group == history.SmallPosting.ToString()).ToList();
        small.Count.ShouldBe(5, "a line per stage");
        small.ShouldAllBe(l => l.Suppressed && l.Applications == 2 && l.MedianHoursInStage == null && l.P90HoursInStage == null && l.MedianDaysToHire == null);
        small.Single(l => l.Stage == "SCREENING").Reached.ShouldBe(1);
        lines.Where(l => l.Group == history.Posting.ToString()).ShouldAllBe(l => !l.Suppressed);
        lines.Single(l => l.Group == history.Posting.ToString() && l.Stage == "SCREENING").MedianHoursInStage.ShouldNotBeNull();
        // Empty, not "0" nor "null": the cells of a withheld figure hold nothing.
        var row = file.Body.Split("\r\n").First(l => l.Contains(history.SmallPosting.ToString()) && l.Contains(",APPLIED,"));
        row.ShouldContain(",2,true,APPLIED,2,2,0.5,,,,");
    }

    [Fact]
    public async Task the_file_is_an_attachment_named_by_its_period_kept_by_no_cache()
    {
        var history = await GoldenHistory.WrittenTo(app);
        var url = (await app.DownloadLink(app.Token(Roles.Analyst), hiring_funnel.Filter(history, GoldenHistory.T0.AddHours(100), groupBy: "WEEK")))
            .Data("hiringFunnelCsv.url").GetString()!;
        var file = await app.Download(url);

        file.ContentType.ShouldBe("text/csv; charset=utf-8");
        file.CacheControl.ShouldBe("no-store");
        file.Disposition.ShouldBe("attachment; filename=hiring-funnel_20260101T000000Z_20260201T000000Z_by-week_as-of-20260109T130000Z.csv");
        var lines = file.Body.Split("\r\n");
        lines[0].ShouldBe(string.Join(",", [
            "from", "to", "asOf", "group", "applications", "suppressed", "stage", "reached", "entered", "passThrough",
            "medianHoursInStage", "p90HoursInStage", "medianDaysToHire", "offerAcceptanceRate", "rejected", "withdrawn",
            "rejectedSkillsMismatch", "rejectedExperienceLevel", "rejectedSalaryExpectations", "rejectedLocation",
            "rejectedPositionFilled", "rejectedNotResponsive", "rejectedOther"]));
        lines[1].ShouldStartWith("2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,2026-01-09T13:00:00Z,2026-W02,9,false,APPLIED,9,");
        FunnelCsv.ColumnNames.ShouldBe(lines[0].Split(','));
    }
}
