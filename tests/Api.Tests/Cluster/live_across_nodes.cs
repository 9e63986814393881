using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Api.Tests.Cluster;

/// <summary>
/// A subscriber connected to node B hears of what is committed through node A: each node sends its commits' notices
/// through PostgreSQL, and every node hands them to its own subscribers (docs/adr/0027).
/// </summary>
[Collection(nameof(ClusterCollection))]
public class live_across_nodes(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task what_is_committed_through_one_node_reaches_a_subscriber_on_another_within_a_second()
    {
        var nodes = await ApiProcess.StartCluster(2);
        await using var a = nodes[0];
        await using var b = nodes[1];
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        Task<JsonElement> Send(string? token, string query, object? variables = null) => a.Data(http, token, query, variables);

        var company = Guid.Parse((await Send(app.Token(Roles.Admin), "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
            new { i = new { name = "Nodes Live Co", slug = "live-" + Guid.NewGuid().ToString("N")[..10] } })).GetProperty("registerCompany").GetProperty("company").GetProperty("id").GetString()!);
        var companyToken = app.Token(Roles.Company, company: company);
        var candidate = Guid.NewGuid();
        var candidateToken = app.Token(Roles.Candidate, candidate);
        await Send(candidateToken, "mutation($i: RegisterCandidateInput!) { registerCandidate(input: $i) { candidate { id } } }",
            new { i = new { displayName = "Node Walker", email = $"{candidate:N}@example.com" } });

        // The candidate follows their applications through node B.
        using var stream = new HttpRequestMessage(HttpMethod.Post, $"{b.Url}/graphql/stream")
        {
            Content = JsonContent.Create(new { query = "subscription { myApplications { kind application { id stage } } }" }),
            Headers = { Authorization = new("Bearer", candidateToken), Accept = { new("text/event-stream") } },
        };
        await using var events = new SseReader(await http.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead));
        events.Response.IsSuccessStatusCode.ShouldBeTrue();
        await Task.Delay(500);

        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var posting = (await Send(companyToken, "mutation($i: DraftPostingInput!) { draftPosting(input: $i) { posting { id } } }",
                new { i = ApplicationScenarios.Opening() })).GetProperty("draftPosting").GetProperty("posting").GetProperty("id").GetString();
            await Send(companyToken, "mutation($i: PublishPostingInput!) { publishPosting(input: $i) { posting { id } } }", new { i = new { postingId = posting } });

            var clock = Stopwatch.StartNew();
            var applied = (await Send(candidateToken, "mutation($i: ApplyToPostingInput!) { applyToPosting(input: $i) { application { id } } }",
                new { i = new { postingId = posting, coverNote = "Through node A." } })).GetProperty("applyToPosting").GetProperty("application").GetProperty("id").GetString();
            var heard = (await events.Next(TimeSpan.FromSeconds(10)))!.Json.GetProperty("data").GetProperty("myApplications");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            heard.GetProperty("kind").GetString().ShouldBe("SUBMITTED");
            heard.GetProperty("application").GetProperty("id").GetString().ShouldBe(applied);
        }
        latencies.Sort();
        var p95 = latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1];
        output.WriteLine($"FIGURES live across nodes: apply through A to event on B, n={latencies.Count}, p50={latencies[latencies.Count / 2]:0} ms, p95={p95:0} ms, max={latencies[^1]:0} ms");
        p95.ShouldBeLessThan(1000);
    }
}
