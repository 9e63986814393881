using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marketplace.Projections.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using System.Text.Json;

namespace Marketplace.Api.Tests.Analytics;

public class hiring_funnel(AppFixture app)
{
    private const string Figures = "from to asOf groups { key applications suppressed medianDaysToHire offerAcceptanceRate stages { stage reached entered passThrough medianHoursInStage p90HoursInStage } dropOff { stage rejected withdrawn reasons { reason count } } }";

    private Task<GoldenHistory> Golden() => GoldenHistory.WrittenTo(app);

    internal const string Query = $"query($filter: FunnelFilter!) {{ hiringFunnel(filter: $filter) {{ {Figures} }} }}";

    private async Task<GraphQLResponse> Funnel(string? token, object filter) => await app.Host.GraphQL(Query, new { filter }, token);

    internal static object Filter(GoldenHistory h, DateTimeOffset? asOf = null, bool completedOnly = false, string groupBy = "NONE") =>
        new { from = GoldenHistory.From, to = GoldenHistory.To, companyId = h.Company, asOf, completedOnly, groupBy };

    private static Dictionary<string, JsonElement> Stages(JsonElement group) =>
        group.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);

    private static double? Number(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    [Fact]
    public async Task the_golden_history_gives_every_figure_worked_out_by_hand()
    {
        var history = await Golden();
        var group = (await Funnel(app.Token(Roles.Analyst), Filter(history))).Data("hiringFunnel.groups").EnumerateArray().Single();

        group.GetProperty("key").GetString().ShouldBe("all");
        group.GetProperty("applications").GetInt32().ShouldBe(9, "A1-A7, A10, A11; A8 came before the cohort, A9 after");
        group.GetProperty("suppressed").GetBoolean().ShouldBeFalse();
        var stages = Stages(group);
        stages.Values.Select(s => s.GetProperty("reached").GetInt32()).ShouldBe([9, 6, 4, 2, 1]);
        stages.Values.Select(s => s.GetProperty("entered").GetInt32()).ShouldBe([9, 6, 3, 2, 1], "A8's screening is in the period; A2 skipped it");
        stages.Values.Select(s => Number(s, "passThrough")).ShouldBe([0.6667, 0.6667, 0.5, 0.5, null]);
        // Completed stays in hours: APPLIED 5,10,12,20,24,24,24,30,48; SCREENING 20,48,72,170; INTERVIEW 48,48; OFFER 24,24.
        stages.Values.Select(s => Number(s, "medianHoursInStage")).ShouldBe([24, 60, 48, 24, null]);
        stages.Values.Select(s => Number(s, "p90HoursInStage")).ShouldBe([33.6, 140.6, 48, 24, null]);
        Number(group, "medianDaysToHire").ShouldBe(6);
        Number(group, "offerAcceptanceRate").ShouldBe(0.5);

        var dropOff = group.GetProperty("dropOff").EnumerateArray().ToDictionary(d => d.GetProperty("stage").GetString()!);
        dropOff["APPLIED"].GetProperty("rejected").GetInt32().ShouldBe(2);
        dropOff["APPLIED"].GetProperty("withdrawn").GetInt32().ShouldBe(1);
        dropOff["APPLIED"].GetProperty("reasons").EnumerateArray().Select(r => $"{r.GetProperty("reason").GetString()}:{r.GetProperty("count").GetInt32()}")
            .ShouldBe(["EXPERIENCE_LEVEL:1", "LOCATION:1"]);
        dropOff["SCREENING"].GetProperty("withdrawn").GetInt32().ShouldBe(1);
        dropOff["SCREENING"].GetProperty("rejected").GetInt32().ShouldBe(0, "A8 is not in the cohort");
        dropOff["INTERVIEW"].GetProperty("reasons").EnumerateArray().Single().GetProperty("reason").GetString().ShouldBe("SKILLS_MISMATCH");
        dropOff["OFFER"].GetProperty("rejected").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task as_of_answers_with_only_what_had_happened_by_then()
    {
        var history = await Golden();
        var group = (await Funnel(app.Token(Roles.Analyst), Filter(history, asOf: GoldenHistory.T0.AddHours(100)))).Data("hiringFunnel.groups").EnumerateArray().Single();

        group.GetProperty("applications").GetInt32().ShouldBe(9);
        var stages = Stages(group);
        stages.Values.Select(s => s.GetProperty("reached").GetInt32()).ShouldBe([9, 6, 3, 1, 0], "A1's offer, A7's interview came later");
        stages.Values.Select(s => Number(s, "passThrough")).ShouldBe([0.6667, 0.5, 0.3333, 0, null]);
        Number(group, "offerAcceptanceRate").ShouldBeNull("no offer had been answered by then");
        Number(group, "medianDaysToHire").ShouldBeNull();
    }

    [Fact]
    public async Task completed_only_keeps_the_applications_that_had_ended()
    {
        var history = await Golden();
        var group = (await Funnel(app.Token(Roles.Analyst), Filter(history, completedOnly: true))).Data("hiringFunnel.groups").EnumerateArray().Single();
        group.GetProperty("applications").GetInt32().ShouldBe(7, "A7 and A10 are still active");
        Stages(group).Values.Select(s => s.GetProperty("reached").GetInt32()).ShouldBe([7, 4, 3, 2, 1]);
    }

    [Fact]
    public async Task small_groups_keep_their_counts_but_not_their_times()
    {
        var history = await Golden();
        var groups = (await Funnel(app.Token(Roles.Analyst), Filter(history, groupBy: "POSTING"))).Data("hiringFunnel.groups")
            .EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        var small = groups[history.SmallPosting.ToString()];
        small.GetProperty("applications").GetInt32().ShouldBe(2);
        small.GetProperty("suppressed").GetBoolean().ShouldBeTrue();
        Stages(small).Values.ShouldAllBe(s => s.GetProperty("medianHoursInStage").ValueKind == JsonValueKind.Null);
        Stages(small)["SCREENING"].GetProperty("reached").GetInt32().ShouldBe(1);
        groups[history.Posting.ToString()].GetProperty("applications").GetInt32().ShouldBe(7);
        groups[history.Posting.ToString()].GetProperty("suppressed").GetBoolean().ShouldBeFalse();

        var bySource = (await Funnel(app.Token(Roles.Analyst), Filter(history, groupBy: "SOURCE"))).Data("hiringFunnel.groups")
            .EnumerateArray().Select(g => $"{g.GetProperty("key").GetString()}:{g.GetProperty("applications").GetInt32()}");
        bySource.ShouldBe(["DIRECT:8", "INVITATION:1"]);
        var byWeek = (await Funnel(app.Token(Roles.Analyst), Filter(history, groupBy: "WEEK"))).Data("hiringFunnel.groups")
            .EnumerateArray().Select(g => g.GetProperty("key").GetString());
        byWeek.ShouldBe(["2026-W02"]);
    }

    [Fact]
    public async Task only_analysts_and_the_company_itself_see_a_funnel_and_never_another_companys()
    {
        var history = await Golden();
        (await Funnel(null, Filter(history))).ShouldFailWith("UNAUTHENTICATED");
        (await Funnel(app.Token(Roles.Candidate), Filter(history))).ShouldFailWith("FORBIDDEN");
        (await Funnel(app.Token(Roles.Analyst, company: Guid.NewGuid()), Filter(history))).ShouldFailWith("FORBIDDEN");
        (await Funnel(app.Token(Roles.Company, company: Guid.NewGuid()), Filter(history))).ShouldFailWith("FORBIDDEN");

        var scoped = app.Token(Roles.Analyst, company: history.Company);
        var unfiltered = new { from = GoldenHistory.From, to = GoldenHistory.To };
        (await Funnel(scoped, unfiltered)).Data("hiringFunnel.groups").EnumerateArray().Single().GetProperty("applications").GetInt32()
            .ShouldBe(9, "a company-scoped analyst sees that company only, even without a filter");
        (await Funnel(app.Token(Roles.Company, company: history.Company), unfiltered)).Data("hiringFunnel.groups").EnumerateArray().Single()
            .GetProperty("applications").GetInt32().ShouldBe(9);
        var body = (await Funnel(scoped, Filter(history))).Body;
        body.ShouldNotContain("@example.com");
    }

    [Fact]
    public async Task bad_filters_are_validation_errors()
    {
        var backwards = await Funnel(app.Token(Roles.Analyst), new { from = GoldenHistory.To, to = GoldenHistory.From });
        backwards.ShouldFailWith("VALIDATION_FAILED");
        backwards.ErrorExtensions.GetProperty("field").GetString().ShouldBe("filter.to");
        (await Funnel(app.Token(Roles.Analyst), new { from = GoldenHistory.From, to = GoldenHistory.To, postingId = "nope" })).ShouldFailWith("VALIDATION_FAILED");
        (await Funnel(app.Token(Roles.Analyst), new { from = "yesterday", to = GoldenHistory.To })).ShouldFailWith("VALIDATION_FAILED");
    }
}
