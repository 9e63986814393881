using System.Globalization;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marten;
using Marten.Events;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>The reporting views and their readers: one at a time, as one test makes the views again.</summary>
[CollectionDefinition(nameof(ReportingSchemaCollection))]
public sealed class ReportingSchemaCollection;

/// <summary>
/// What a BI tool reads from the reporting schema, as a reporting login, agrees with what <c>hiringFunnel</c> answers
/// for the same history (the golden one, worked out by hand in <see cref="hiring_funnel"/>).
/// </summary>
[Collection(nameof(ReportingSchemaCollection))]
public class reporting_views(AppFixture app)
{
    private static readonly DateTimeOffset December = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<GoldenHistory> Golden()
    {
        var history = new GoldenHistory();
        await history.Write(app.Store);
        await app.ReadModelsCaughtUp();
        return history;
    }

    private async Task<List<JsonElement>> Funnel(GoldenHistory history, string groupBy, DateTimeOffset from, DateTimeOffset to) =>
        [.. (await app.Host.GraphQL(hiring_funnel.Query, new { filter = new { from, to, companyId = history.Company, groupBy } }, app.Token(Roles.Analyst)))
            .Data("hiringFunnel.groups").EnumerateArray()];

    private static string Counts(object applications, IEnumerable<object?> reached, object rejected, object withdrawn) =>
        $"{applications} applications, reached {string.Join("/", reached)}, {rejected} rejected, {withdrawn} withdrawn";

    [Theory]
    [InlineData("DAY", "funnel_daily", "to_char(day, 'YYYY-MM-DD')")]
    [InlineData("POSTING", "funnel_daily", "posting_id::text")]
    [InlineData("SOURCE", "funnel_daily", "source")]
    [InlineData("SKILL", "funnel_daily_by_skill", "skill")]
    public async Task the_daily_counts_add_up_to_the_funnels_groups(string groupBy, string view, string key)
    {
        var history = await Golden();
        await using var reader = await ReportingReader.Create();
        // Days over three months (A8 came in December, A9 in February); the other groupings over January's cohort.
        var (from, to) = groupBy == "DAY" ? (December, March) : (GoldenHistory.From, GoldenHistory.To);

        var funnel = (await Funnel(history, groupBy, from, to)).ToDictionary(g => g.GetProperty("key").GetString()!, g => Counts(
            g.GetProperty("applications").GetInt32(),
            g.GetProperty("stages").EnumerateArray().Select(s => (object?)s.GetProperty("reached").GetInt32()),
            g.GetProperty("dropOff").EnumerateArray().Sum(d => d.GetProperty("rejected").GetInt32()),
            g.GetProperty("dropOff").EnumerateArray().Sum(d => d.GetProperty("withdrawn").GetInt32())));
        var rows = await reader.Rows(
            $"select {key}, sum(applications), sum(reached_applied), sum(reached_screening), sum(reached_interview), sum(reached_offer), " +
            $"sum(reached_hired), sum(rejected), sum(withdrawn) from reporting.{view} " +
            "where company_id = @company and day >= @from and day < @to group by 1",
            ("company", history.Company), ("from", DateOnly.FromDateTime(from.UtcDateTime)), ("to", DateOnly.FromDateTime(to.UtcDateTime)));

        rows.ToDictionary(r => (string)r[0]!, r => Counts(r[1]!, r[2..7], r[7]!, r[8]!)).ShouldBe(funnel, ignoreOrder: true);
        funnel.Count.ShouldBeGreaterThan(1, "more than one group, or the comparison says little");
    }

    [Fact]
    public async Task drop_off_daily_gives_the_funnels_drop_off_by_stage_and_reason()
    {
        var history = await Golden();
        await using var reader = await ReportingReader.Create();
        var group = (await Funnel(history, "NONE", GoldenHistory.From, GoldenHistory.To)).Single();
        var funnel = group.GetProperty("dropOff").EnumerateArray().SelectMany(d =>
            d.GetProperty("reasons").EnumerateArray().Select(r => $"REJECTED {d.GetProperty("stage").GetString()} {r.GetProperty("reason").GetString()} {r.GetProperty("count").GetInt32()}")
                .Append($"WITHDRAWN {d.GetProperty("stage").GetString()} - {d.GetProperty("withdrawn").GetInt32()}"))
            .Where(line => !line.EndsWith(" 0"));

        var rows = await reader.Rows(
            "select outcome || ' ' || stage || ' ' || coalesce(reason, '-') || ' ' || sum(applications) from reporting.drop_off_daily " +
            "where company_id = @company and day >= '2026-01-01' and day < '2026-02-01' group by outcome, stage, reason",
            ("company", history.Company));

        rows.Select(r => (string)r[0]!).ShouldBe(funnel, ignoreOrder: true);
    }

    /// <summary>
    /// A group's time figures as the funnel gives them and as the views do, per level of the views and the funnel's
    /// grouping that matches it: the whole company (NONE), its postings, its sources, its skills.
    /// </summary>
    [Theory]
    [InlineData("company", "NONE")]
    [InlineData("posting", "POSTING")]
    [InlineData("company_source", "SOURCE")]
    [InlineData("company_skill", "SKILL")]
    public async Task the_time_figures_are_the_funnels_and_a_group_under_five_has_none(string level, string groupBy)
    {
        var history = await Golden();
        await using var reader = await ReportingReader.Create();

        var funnel = (await Funnel(history, groupBy, GoldenHistory.From, GoldenHistory.To)).ToDictionary(g => g.GetProperty("key").GetString()!, g =>
            Times(g.GetProperty("applications").GetInt32(), g.GetProperty("suppressed").GetBoolean(),
                g.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("stage").GetString() != "HIRED")
                    .Select(s => (Number(s.GetProperty("medianHoursInStage")), Number(s.GetProperty("p90HoursInStage")))),
                Number(g.GetProperty("medianDaysToHire"))));
        const string where = "where grouped_by = @level and company_id = @company and month = '2026-01-01'";
        var stays = await reader.Rows(
            $"select coalesce(posting_id::text, source, skill, 'all'), applications, suppressed, median_hours, p90_hours from reporting.stage_stays {where} order by stage_order",
            ("level", level), ("company", history.Company));
        var hires = (await reader.Rows($"select coalesce(posting_id::text, source, skill, 'all'), median_days_to_hire from reporting.time_to_hire {where}",
            ("level", level), ("company", history.Company))).ToDictionary(r => (string)r[0]!, r => Number(r[1]));
        var views = stays.GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g =>
            Times((int)g.First()[1]!, (bool)g.First()[2]!, g.Select(r => (Number(r[3]), Number(r[4]))), hires[g.Key]));

        views.ShouldBe(funnel, ignoreOrder: true);
        if (level == "posting")
        {
            views[history.SmallPosting.ToString()].ShouldStartWith("2 applications, suppressed", customMessage: "two applications show no times");
            views[history.Posting.ToString()].ShouldContain("SCREENING 60/140.6");
        }
    }

    private static string Times(int applications, bool suppressed, IEnumerable<(double? Median, double? P90)> stages, double? daysToHire) =>
        $"{applications} applications, {(suppressed ? "suppressed" : "shown")}: " +
        string.Join(", ", stages.Zip(new[] { "APPLIED", "SCREENING", "INTERVIEW", "OFFER" }, (s, stage) => $"{stage} {Text(s.Median)}/{Text(s.P90)}")) +
        $", {Text(daysToHire)} days to hire";

    private static string Text(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    private static double? Number(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement element => element.GetDouble(),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
