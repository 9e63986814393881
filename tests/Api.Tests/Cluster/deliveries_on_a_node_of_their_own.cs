using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Cluster;

/// <summary>
/// A node started with <c>Node__Role=Deliveries</c> takes the webhook fan-out, and with it the attempts, away from the
/// nodes that answer (<c>Node__Role=Api</c>), and competes for nothing else of the daemon's (docs/adr/0040).
/// </summary>
[Collection(nameof(ClusterCollection))]
public class deliveries_on_a_node_of_their_own(AppFixture app)
{
    private static Dictionary<string, string> As(string role) => new()
    {
        ["Node__Role"] = role,
        ["Webhooks__AllowHttp"] = "true",
        ["Webhooks__AllowedRanges__0"] = "127.0.0.0/8",
    };

    [Fact]
    public async Task the_node_of_deliveries_fans_out_and_attempts_what_the_other_commits_and_runs_no_other_projection()
    {
        var nodes = await ApiProcess.StartCluster(As("Api"), As("Deliveries"));
        await using var api = nodes[0];
        await using var deliveries = nodes[1];
        await using var receiver = new WebhookReceiver();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var company = Guid.Parse((await api.Data(http, app.Token(Roles.Admin), "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
            new { i = new { name = "Deliveries Node Co", slug = "deliveries-" + Guid.NewGuid().ToString("N")[..10] } })).GetProperty("registerCompany").GetProperty("company").GetProperty("id").GetString()!);
        var token = app.Token(Roles.Company, company: company);
        var created = await api.Data(http, token, "mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { signingSecret } }",
            new { i = new { url = receiver.Url, eventTypes = new[] { "posting.closed" } } });
        receiver.Secrets.Add(created.GetProperty("createWebhookEndpoint").GetProperty("signingSecret").GetString()!);

        async Task<Guid> Closed(ApiProcess node)
        {
            var posting = Guid.Parse((await node.Data(http, token, "mutation($i: DraftPostingInput!) { draftPosting(input: $i) { posting { id } } }",
                new { i = ApplicationScenarios.Opening() })).GetProperty("draftPosting").GetProperty("posting").GetProperty("id").GetString()!);
            await node.Data(http, token, "mutation($i: PublishPostingInput!) { publishPosting(input: $i) { posting { id } } }", new { i = new { postingId = posting } });
            await node.Data(http, token, "mutation($i: ClosePostingInput!) { closePosting(input: $i) { posting { id } } }",
                new { i = new { postingId = posting, reason = "FILLED" } });
            return posting;
        }
        bool Of(ReceivedWebhook r, Guid posting) => r.Type == "posting.closed" && r.Data.GetProperty("postingId").GetString() == posting.ToString();
        async Task<ReceivedWebhook> Delivered(Guid posting) =>
            (await receiver.Delivered(r => Of(r, posting), within: TimeSpan.FromSeconds(60))).ShouldHaveSingleItem();

        var first = await Closed(api);
        (await Delivered(first)).Verified.ShouldBeTrue();
        // An attempt on the answering node would have started its lowered threads (Webhooks__Nice is 19 there); the node
        // of deliveries makes its attempts on the thread pool (Webhooks__Nice is 0 there unless set).
        ProcessThreads.Named("Webhook attempt", api.ProcessId).ShouldBeEmpty("the node that answered left the attempt to the other");
        ProcessThreads.Named("Webhook attempt", deliveries.ProcessId).ShouldBeEmpty("a node of deliveries has no lowered threads of its own");

        // Without a node of deliveries, the answering node fans nothing out; one started again delivers what it missed.
        await deliveries.Kill();
        var second = await Closed(api);
        await Task.Delay(TimeSpan.FromSeconds(5));
        receiver.Received.Count(r => Of(r, second)).ShouldBe(0, "the node with Node__Role=Api took the fan-out");
        await deliveries.Restart();
        (await Delivered(second)).Verified.ShouldBeTrue();

        // Alone, the node of deliveries still answers and delivers, and moves no other projection on.
        await api.Kill();
        var third = await Closed(deliveries);
        (await Delivered(third)).Verified.ShouldBeTrue();
        // Longer than a leadership poll (2 s): a node that competed for the others' locks would have taken them by now.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await using var database = new NpgsqlConnection(deliveries.ConnectionString);
        await database.OpenAsync();
        await using var last = new NpgsqlCommand("select max(seq_id) from mt_events", database);
        var newest = (long)(await last.ExecuteScalarAsync())!;
        await using var read = new NpgsqlCommand("select name, last_seq_id from mt_event_progression where name not like 'HighWater%'", database);
        var progress = new Dictionary<string, long>();
        await using (var rows = await read.ExecuteReaderAsync())
            while (await rows.ReadAsync()) progress[rows.GetString(0)] = rows.GetInt64(1);
        progress["Webhooks:All"].ShouldBe(newest);
        var others = progress.Where(p => p.Key != "Webhooks:All").ToList();
        others.Count.ShouldBeGreaterThanOrEqualTo(3, "the answering node ran the other projections until it was killed");
        others.ShouldAllBe(p => p.Value < newest, "the node of deliveries ran another projection: " + string.Join(", ", progress));
    }
}
