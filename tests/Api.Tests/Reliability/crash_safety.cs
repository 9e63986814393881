using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Reliability;

/// <summary>
/// The API as its own process under concurrent load, killed with SIGKILL at random moments and restarted. Clients retry
/// with their idempotency key until they get an answer, as a real client would. Afterwards every acknowledged command's
/// events exist exactly once, every background job ran once (feedback for each submission, expiries brought forward
/// to the middle of the load, closed applications for every closed posting), and every projection equals a full rebuild. Short by default; CRASH_TEST_SECONDS and CRASH_TEST_KILLS make
/// the long run (docs/reliability.md).
/// </summary>
public class crash_safety(AppFixture app, ITestOutputHelper output)
{
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("CRASH_TEST_SECONDS"), out var s) ? s : 8;
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("CRASH_TEST_KILLS"), out var k) ? k : 3;

    /// <summary>Acknowledged applications the load goes on for, past its seconds, so the checks have work to check.</summary>
    private const int EnoughApplications = 10;
    private static readonly TimeSpan EnoughWithin = TimeSpan.FromSeconds(60);

    /// <summary>Durability timings short enough that a restarted node takes over a dead one's work within seconds.</summary>
    private static readonly Dictionary<string, string> FastRecovery = new()
    {
        ["Durability__HealthCheckPollingTime"] = "00:00:01",
        ["Durability__StaleNodeTimeout"] = "00:00:05",
        ["Durability__CheckAssignmentPeriod"] = "00:00:02",
        ["Durability__OrphanedMessageSweepPollingTime"] = "00:00:01",
        ["Durability__ScheduledJobPollingTime"] = "00:00:01",
        ["Durability__FirstHealthCheckExecution"] = "00:00:00.500",
        ["Durability__NodeReassignmentPollingTime"] = "00:00:01",
        // The company's webhook receiver is a server of the test on loopback.
        ["Webhooks__AllowHttp"] = "true",
        ["Webhooks__AllowedRanges__0"] = "127.0.0.0/8",
        ["Webhooks__RetryDelays__0"] = "00:00:00.500",
        ["Webhooks__RetryDelays__1"] = "00:00:01",
        ["Webhooks__RetryDelays__2"] = "00:00:02",
    };

    [Fact]
    public async Task killed_under_load_it_loses_nothing_and_applies_nothing_twice()
    {
        await using var api = await ApiProcess.StartWithSkills(FastRecovery);
        using var http = new HttpClient { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromSeconds(10) };
        var client = new PatientClient(http);
        // Enough candidates that the load never runs out of fresh applications and attempts, however long it runs.
        var load = await MarketplaceLoad.Prepare(app, client, "Crash Co", postingCount: 4, candidateCount: Math.Max(16, Seconds * 3));
        await using var db = new NpgsqlConnection(api.ConnectionString);
        await db.OpenAsync();
        // The company's systems take every event by webhook while the API is killed and restarted.
        await using var receiver = new WebhookReceiver();
        var endpoint = await client.Send("mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { signingSecret } }",
            new { input = new { url = receiver.Url, eventTypes = Webhooks.WebhookScenarios.AllTypes } }, load.Member);
        endpoint.Code.ShouldBeNull(endpoint.Body);
        receiver.Secrets.Add(endpoint.Data!.Value.GetProperty("signingSecret").GetString()!);
        // Expiries fire in the middle of the load, across crashes.
        await load.BringExpiriesForward(db, Seconds * 0.55);

        using var loadTime = new CancellationTokenSource();
        var workers = load.Run(loadTime.Token, output.WriteLine);
        // The load runs its seconds, then on until it has done enough to judge: on a machine busy with the rest of the
        // suite a cold start and a restart once took the whole window, and nothing was left to check.
        var enough = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(Seconds));
            var deadline = DateTime.UtcNow + EnoughWithin;
            while (load.Done.Count(a => a.Kind == "application") < EnoughApplications && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            await loadTime.CancelAsync();
        });
        var killer = Task.Run(async () =>
        {
            var random = new Random();
            for (var kill = 0; kill < Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromSeconds(Seconds / (Kills + 1.0) * (0.6 + random.NextDouble() * 0.8)));
                if (kill == 1)
                {
                    // A closure acknowledged just before a crash must still close its applications.
                    await client.Mutate("mutation($input: ClosePostingInput!) { closePosting(input: $input) { posting { id } } }",
                        new { postingId = load.Postings[0], reason = "CANCELLED" }, load.Member);
                }
                output.WriteLine($"killing at {DateTime.UtcNow:HH:mm:ss.fff}");
                await api.Restart();
                output.WriteLine($"restarted at {DateTime.UtcNow:HH:mm:ss.fff}");
            }
        });
        await Task.WhenAll(workers, killer, enough);
        output.WriteLine($"{load.Done.Count} commands acknowledged, {client.Retries} retries after crashes");

        var drained = await load.ShouldHaveLostNothing(db);
        output.WriteLine($"FIGURES crash: {Seconds} s of load, {Kills} kills, {load.Done.Count} commands acknowledged " +
                         $"({load.Done.Count(a => a.Kind == "submission")} submissions), {client.Retries} client retries, " +
                         $"background work drained {drained.TotalSeconds:0.0} s after the load");
        await WebhooksShouldHaveLostNothing(db, receiver);
        // Every projection equals a full rebuild from the events.
        await api.Kill();
        await EventStoreChecks.ShouldEqualARebuild(db, api);
    }

    /// <summary>
    /// Every committed application, posting and review event of the company reached the receiver, verified, under one webhook-id
    /// however many times it was sent (a delivery interrupted by a kill is sent again, with its id).
    /// </summary>
    private async Task WebhooksShouldHaveLostNothing(NpgsqlConnection db, WebhookReceiver receiver)
    {
        var expected = new List<(Guid Stream, int Version, string Type)>();
        await using (var read = new NpgsqlCommand("""
            select e.stream_id, e.version, e.type from mt_events e
            where e.type in ('application_submitted', 'application_advanced', 'offer_extended', 'application_rejected',
                             'application_withdrawn', 'offer_accepted', 'offer_declined', 'posting_closed', 'feedback_generated')
            """, db))
        await using (var rows = await read.ExecuteReaderAsync())
            while (await rows.ReadAsync()) expected.Add((rows.GetGuid(0), (int)rows.GetInt64(1), rows.GetString(2)));
        expected.Count.ShouldBeGreaterThan(0);

        static string Key(Guid stream, int version) => $"{stream}/{version}";
        // The stream an event belongs to, as its payload names it.
        static string Of(ReceivedWebhook r) => Key(Guid.Parse(new[] { "applicationId", "submissionId", "postingId" }
            .Select(name => r.Data.TryGetProperty(name, out var id) ? id.GetString() : null).First(id => id is not null)!), r.Data.GetProperty("version").GetInt32());
        var started = DateTime.UtcNow;
        // Resent deliveries count among the requests, so wait for each event by its key.
        var wanted = expected.Select(e => Key(e.Stream, e.Version)).ToHashSet();
        var delivered = await Eventually.Until(() => Task.FromResult(receiver.Received.Where(r => r.Answered is >= 200 and < 300).ToList()),
            done => wanted.IsSubsetOf(done.Select(Of)), TimeSpan.FromSeconds(60));
        var ofEvent = receiver.Received.GroupBy(Of).ToList();
        ofEvent.Where(g => g.Select(r => r.WebhookId).Distinct().Count() > 1).ShouldBeEmpty("an event is sent again only under its webhook-id");
        var arrived = delivered.Select(Of).ToHashSet();
        expected.Where(e => !arrived.Contains(Key(e.Stream, e.Version))).Select(e => $"{e.Type} {Key(e.Stream, e.Version)}")
            .ShouldBeEmpty("every committed event reached the receiver");
        receiver.Received.ShouldAllBe(r => r.Verified);
        output.WriteLine($"FIGURES crash webhooks: {expected.Count} events, {receiver.Received.Count} requests " +
                         $"({receiver.Received.Count - arrived.Count} sent again), all in {(DateTime.UtcNow - started).TotalSeconds:0.0} s after the drain");
    }
}
