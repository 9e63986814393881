using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;
using System.Diagnostics;
using System.Text.Json;

namespace Marketplace.Api.Tests.Cluster;

/// <summary>
/// A node's kept answers (docs/adr/0032) follow what another node commits within a second: the committing node tells the
/// others through PostgreSQL, on the live notices' channel (docs/adr/0027).
/// </summary>
[Collection(nameof(ClusterCollection))]
public class answers_across_nodes(AppFixture app, ITestOutputHelper output)
{
    private const string PostingById = "query($id: ID!) { posting(id: $id) { id title } }";

    [Fact]
    public async Task a_revision_through_one_node_reaches_the_answers_another_node_kept_within_a_second()
    {
        var nodes = await ApiProcess.StartCluster(2);
        await using var a = nodes[0];
        await using var b = nodes[1];
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        async Task<string?> TitleOnB(Guid posting) =>
            (await b.Data(http, null, PostingById, new { id = posting })).GetProperty("posting").GetProperty("title").GetString();

        var company = Guid.Parse((await a.Data(http, app.Token(Roles.Admin), "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
            new { i = new { name = "Nodes Answers Co", slug = "answers-" + Guid.NewGuid().ToString("N")[..10] } })).GetProperty("registerCompany").GetProperty("company").GetProperty("id").GetString()!);
        var token = app.Token(Roles.Company, company: company);
        await using var database = new NpgsqlConnection(a.ConnectionString);
        await database.OpenAsync();

        var latencies = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var posting = Guid.Parse((await a.Data(http, token, "mutation($i: DraftPostingInput!) { draftPosting(input: $i) { posting { id } } }",
                new { i = ApplicationScenarios.Opening() })).GetProperty("draftPosting").GetProperty("posting").GetProperty("id").GetString()!);
            await a.Data(http, token, "mutation($i: PublishPostingInput!) { publishPosting(input: $i) { posting { id } } }", new { i = new { postingId = posting } });
            // The publication's notice reaches B in a few milliseconds; an answer B kept before it would be dropped by it.
            await Task.Delay(300);
            (await TitleOnB(posting)).ShouldBe("Backend Engineer, Orders");

            // Changed behind the product's back, so no node hears of it: B still answering the old title shows it kept the answer.
            await using (var behind = new NpgsqlCommand("update mt_doc_postingview set data = jsonb_set(data, '{Title}', '\"Unseen\"') where id = $1", database))
            {
                behind.Parameters.AddWithValue(posting);
                (await behind.ExecuteNonQueryAsync()).ShouldBe(1);
            }
            (await TitleOnB(posting)).ShouldBe("Backend Engineer, Orders");

            var title = $"Revised Through A, Round {i}";
            await a.Data(http, token, "mutation($i: RevisePostingInput!) { revisePosting(input: $i) { posting { id } } }",
                new { i = new { postingId = posting, title } });
            var clock = Stopwatch.StartNew();
            while (await TitleOnB(posting) != title)
            {
                clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "node B still answers what it kept before the revision");
                await Task.Delay(10);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        output.WriteLine($"FIGURES answers across nodes: revision through A to B's next answer, n={latencies.Count}, " +
                         $"p50={latencies[latencies.Count / 2]:0} ms, max={latencies[^1]:0} ms");
        latencies[^1].ShouldBeLessThan(1000);
    }
}
