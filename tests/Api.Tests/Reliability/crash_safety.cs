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
        // Every projection equals a full rebuild from the events.
        await api.Kill();
        await EventStoreChecks.ShouldEqualARebuild(db, api);
    }
}
