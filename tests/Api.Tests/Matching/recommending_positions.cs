using System.Text.Json;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using static Marketplace.Api.Tests.Matching.MatchingScenarios;

namespace Marketplace.Api.Tests.Matching;

/// <summary>
/// `me { recommendedPositions }`: open postings nearest a candidate's reviewed work and profile, each with the passages
/// that match. Only ever the caller's own; other callers get nothing to read.
/// </summary>
public class recommending_positions(AppFixture app, ITestOutputHelper output)
{
    private static readonly string Query = $"query($first: Int) {{ me {{ recommendedPositions(first: $first) {{ score posting {{ id title status }} {Reasons} }} }} }}";

    private async Task<List<JsonElement>> Recommended(string token, int first = 5) =>
        [.. (await app.Host.GraphQL(Query, new { first }, token)).Data("me.recommendedPositions").EnumerateArray()];

    [Fact]
    public async Task a_candidate_who_did_well_on_event_driven_work_sees_the_kafka_posting_first_with_the_passages_that_match()
    {
        var company = await app.RegisterCompany();
        var kafka = await app.PublishedPosting(company, KafkaPosting());
        var dashboards = await app.PublishedPosting(company, DashboardsPosting());
        var challenge = await app.OutboxChallenge(company);
        var candidate = await app.RegisterCandidate("Outbox Author");
        await app.ReviewedWork(candidate, challenge, "outbox-literal.md");

        // The profile alone ("Backend engineer", microservices) finds postings at once; the reviewed work arrives from the daemon.
        // Other tests publish the same Kafka posting, so the first may be its twin: ours comes first among its company's.
        var recommended = await Eventually.Until(() => Recommended(candidate.Token, 50),
            r => r.Count > 0 && Title(r[0]).StartsWith(Kafka)
                 && Ours(r, kafka, dashboards).Take(1).Any(o => Id(o) == kafka.ToString() && o.GetProperty("reasons").GetArrayLength() > 0));

        Title(recommended[0]).ShouldStartWith(Kafka, Case.Sensitive, "a posting on Kafka and sagas matches work on the outbox and idempotent consumers best");
        var mine = Ours(recommended, kafka, dashboards).ToList();
        Id(mine[0]).ShouldBe(kafka.ToString(), "React dashboards come later, if at all");
        recommended.ShouldAllBe(r => r.GetProperty("posting").GetProperty("status").GetString() == "OPEN");
        var reasons = mine[0].GetProperty("reasons").EnumerateArray().ToList();
        output.WriteLine(JsonSerializer.Serialize(recommended.Take(3), new JsonSerializerOptions { WriteIndented = true }));
        reasons.ShouldNotBeEmpty();
        var work = Normalised(Golden("outbox-literal.md"));
        var posting = Normalised(KafkaDescription);
        foreach (var reason in reasons)
        {
            work.ShouldContain(reason.GetProperty("passage").GetString()!, Case.Sensitive, "a reason quotes the candidate's own words");
            posting.ShouldContain(reason.GetProperty("postingPassage").GetString()!, Case.Sensitive, "and the posting's");
            reason.GetProperty("challengeTitle").GetString().ShouldBe("Outbox relay for scan events");
        }
        reasons.Select(r => r.GetProperty("passage").GetString()).ShouldBeUnique();
        recommended.Select(r => r.GetProperty("score").GetDouble()).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task a_closed_posting_is_no_longer_recommended()
    {
        var company = await app.RegisterCompany();
        var kafka = await app.PublishedPosting(company, KafkaPosting("Integration Engineer, Order Flows (closing)"));
        var challenge = await app.OutboxChallenge(company);
        var candidate = await app.RegisterCandidate("Closing Watcher");
        await app.ReviewedWork(candidate, challenge, "outbox-paraphrase.md");
        await Eventually.Until(() => Recommended(candidate.Token, 50), r => r.Select(Id).Contains(kafka.ToString()));

        (await app.Lifecycle("closePosting", company.Token, new { postingId = kafka, reason = "FILLED" })).Data();

        (await Recommended(candidate.Token, 50)).Select(Id).ShouldNotContain(kafka.ToString(), "the posting's view says it closed, whatever the index knew");
    }

    [Fact]
    public async Task nobody_else_reads_a_candidates_recommendations()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.OutboxChallenge(company);
        var candidate = await app.RegisterCandidate("Private Recommendations");
        await app.ReviewedWork(candidate, challenge, "outbox-literal.md");
        await Eventually.Until(() => Recommended(candidate.Token), r => r.Count > 0);

        (await app.Host.GraphQL(Query, new { first = 5 })).Data("me").ValueKind.ShouldBe(JsonValueKind.Null, "anonymous callers have no me");
        foreach (var token in new[] { company.Token, app.Token(Roles.Analyst), app.Token(Roles.Admin), app.Token(Roles.Analyst, company: company.Id) })
            (await Recommended(token)).ShouldBeEmpty("recommended positions are a candidate's own, and only theirs");
        var newcomer = await app.RegisterCandidate("No Work Yet");
        (await Recommended(newcomer.Token)).Select(r => r.GetProperty("reasons").GetArrayLength()).ShouldAllBe(n => n == 0,
            "a candidate with only a profile gets positions near the profile, but no work to give reasons from");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-3)]
    public async Task first_out_of_range_is_a_validation_error(int first)
    {
        var candidate = await app.RegisterCandidate();
        var response = await app.Host.GraphQL(Query, new { first }, candidate.Token);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("first");
    }

    private static string Id(JsonElement recommendation) => recommendation.GetProperty("posting").GetProperty("id").GetString()!;

    private static string Title(JsonElement recommendation) => recommendation.GetProperty("posting").GetProperty("title").GetString()!;

    /// <summary>The recommendations of these postings, in their order.</summary>
    private static IEnumerable<JsonElement> Ours(IEnumerable<JsonElement> recommended, params Guid[] postings) =>
        recommended.Where(r => postings.Any(p => Id(r) == p.ToString()));

    /// <summary>Passages are joined lines: compare against the text with its line breaks and runs of spaces folded.</summary>
    private static string Normalised(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
