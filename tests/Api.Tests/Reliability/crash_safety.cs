using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Api.Identity;
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

    private static readonly string[] ProjectedDocuments =
        ["applicationview", "submissionview", "postingview", "challengeview", "candidateview", "companyview", "applicationtimeline", "challengeboard", "talentprofile"];

    private sealed record Acknowledged(string Kind, Guid Id);

    [Fact]
    public async Task killed_under_load_it_loses_nothing_and_applies_nothing_twice()
    {
        await using var api = await ApiProcess.StartWithSkills(FastRecovery);
        using var http = new HttpClient { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromSeconds(10) };
        var client = new PatientClient(http);

        var company = Guid.Parse((await client.Mutate("mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id } } }",
            new { name = "Crash Co", slug = "crash-" + Guid.NewGuid().ToString("N")[..8] }, app.Token(Roles.Admin)))!.Value.GetProperty("company").GetProperty("id").GetString()!);
        var member = app.Token(Roles.Company, company: company);
        var postings = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var posting = Id(await client.Mutate($"mutation($input: DraftPostingInput!) {{ draftPosting(input: $input) {{ posting {{ id }} }} }}",
                ApplicationScenarios.Opening(openings: 50), member), "posting");
            await client.Mutate("mutation($input: PublishPostingInput!) { publishPosting(input: $input) { posting { id } } }", new { postingId = posting }, member);
            postings.Add(posting);
        }
        var challenge = Id(await client.Mutate("mutation($input: DraftChallengeInput!) { draftChallenge(input: $input) { challenge { id } } }",
            ChallengeScenarios.ChallengeInput(maxAttempts: 10), member), "challenge");
        await client.Mutate("mutation($input: ChallengeIdInput!) { publishChallenge(input: $input) { challenge { id } } }", new { challengeId = challenge }, member);
        var candidates = new List<string>();
        // Enough candidates that the load never runs out of fresh applications and attempts, however long it runs.
        for (var i = 0; i < Math.Max(16, Seconds * 3); i++)
        {
            var id = Guid.NewGuid();
            var token = app.Token(Roles.Candidate, subject: id);
            await client.Mutate("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }",
                new { displayName = $"Candidate {i}", email = $"{id:N}@example.com", skills = new[] { "microservices" } }, token);
            candidates.Add(token);
        }

        // Expiries are due days from now: bring them forward to the middle of the load, so that they fire across crashes.
        await using (var setup = new NpgsqlConnection(api.ConnectionString))
        {
            await setup.OpenAsync();
            await using var due = new NpgsqlCommand(
                "update wolverine_incoming_envelopes set execution_time = now() + make_interval(secs => @seconds) " +
                "where status = 'Scheduled' and message_type = 'Marketplace.Domain.Postings.ExpirePosting'", setup);
            due.Parameters.AddWithValue("seconds", Seconds * 0.55);
            (await due.ExecuteNonQueryAsync()).ShouldBe(postings.Count, "one expiry scheduled per published posting");
        }

        var acknowledged = new ConcurrentBag<Acknowledged>();
        var applied = new ConcurrentDictionary<(int, int), bool>();
        var attempts = new ConcurrentDictionary<int, int>();
        using var loadTime = new CancellationTokenSource(TimeSpan.FromSeconds(Seconds));
        var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!loadTime.IsCancellationRequested)
            {
                var candidate = random.Next(candidates.Count);
                if (random.Next(3) == 0 && attempts.AddOrUpdate(candidate, 1, (_, n) => n + 1) <= 10)
                {
                    var submitted = await client.Mutate("mutation($input: SubmitToChallengeInput!) { submitToChallenge(input: $input) { submission { id } } }",
                        new { challengeId = challenge, content = ChallengeScenarios.GoodWork + $"\n\nTake {worker}-{random.Next()}." }, candidates[candidate]);
                    if (submitted is { } ok) acknowledged.Add(new("submission", Id(ok, "submission")));
                    continue;
                }
                var posting = random.Next(postings.Count);
                if (!applied.TryAdd((candidate, posting), true))
                {
                    await Task.Delay(5);
                    continue;
                }
                var application = await client.Mutate("mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }",
                    new { postingId = postings[posting], coverNote = "Hello" }, candidates[candidate]);
                if (application is { } accepted) acknowledged.Add(new("application", Id(accepted, "application")));
            }
        })).ToList();

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
                        new { postingId = postings[0], reason = "CANCELLED" }, member);
                    acknowledged.Add(new("closed", postings[0]));
                }
                await api.Restart();
                output.WriteLine($"killed and restarted at {DateTime.UtcNow:HH:mm:ss.fff}");
            }
        });
        await Task.WhenAll([.. workers, killer]);
        output.WriteLine($"{acknowledged.Count} commands acknowledged, {client.Retries} retries after crashes");

        await using var db = new NpgsqlConnection(api.ConnectionString);
        await db.OpenAsync();
        var applications = acknowledged.Where(a => a.Kind == "application").Select(a => a.Id).ToHashSet();
        var submissions = acknowledged.Where(a => a.Kind == "submission").Select(a => a.Id).ToHashSet();
        applications.Count.ShouldBeGreaterThan(5, "the load must have done something");
        submissions.Count.ShouldBeGreaterThan(3);

        // Exactly once: every acknowledged command's first event, once; nothing nobody was told about.
        (await StreamsWith(db, "application_submitted")).ShouldBe(applications.ToDictionary(id => id, _ => 1L), ignoreOrder: true);
        (await StreamsWith(db, "submission_received")).ShouldBe(submissions.ToDictionary(id => id, _ => 1L), ignoreOrder: true);

        // Every background job ran, once: feedback per submission, and the closed posting's applications closed.
        var feedback = await Eventually.Until(() => StreamsWith(db, "feedback_generated", "feedback_failed"),
            f => submissions.All(f.ContainsKey), TimeSpan.FromSeconds(90));
        feedback.ShouldBe(submissions.ToDictionary(id => id, _ => 1L), ignoreOrder: true);
        // Every posting closed exactly once (one by hand, the others by their expiry), and every application with it.
        var closings = await Eventually.Until(() => StreamsWith(db, "posting_closed"), c => postings.All(c.ContainsKey), TimeSpan.FromSeconds(60));
        closings.ShouldBe(postings.ToDictionary(id => id, _ => 1L), ignoreOrder: true);
        var toClose = await Scalar(db, "select count(*) from mt_doc_applicationview");
        var stillActive = await Eventually.Until(() => Scalar(db, "select count(*) from mt_doc_applicationview where status = 'Active'"),
            n => n == 0, TimeSpan.FromSeconds(60));
        stillActive.ShouldBe(0, $"all {toClose} applications of the closed postings are closed");

        // No job is left behind (handled ones are kept a while, scheduled expiries wait for their day), and the async projections have caught up.
        var pending = await Eventually.Until(() => Scalar(db,
                "select (select count(*) from wolverine_incoming_envelopes where status = 'Incoming') + (select count(*) from wolverine_outgoing_envelopes)"),
            n => n == 0, TimeSpan.FromSeconds(60));
        pending.ShouldBe(0, "every outbox and inbox message was handled");
        await Eventually.Until(() => AsyncLag(db), lag => lag == 0, TimeSpan.FromSeconds(60));

        // Every projection equals a full rebuild from the events.
        await api.Kill();
        (await AsyncLag(db)).ShouldBe(0);
        var live = await Snapshot(db);
        var (code, log) = await api.RunVerb("projections", "rebuild");
        code.ShouldBe(0, log);
        var rebuilt = await Snapshot(db);
        foreach (var table in ProjectedDocuments)
        {
            var differences = live[table].Except(rebuilt[table]).Zip(rebuilt[table].Except(live[table]), (was, now) => $"live:    {was}\nrebuilt: {now}").ToList();
            differences.ShouldBeEmpty($"{table} after a rebuild");
            rebuilt[table].Count.ShouldBe(live[table].Count, $"{table} after a rebuild");
        }
    }

    private static Guid Id(JsonElement? payload, string name) => Guid.Parse(payload!.Value.GetProperty(name).GetProperty("id").GetString()!);

    private static async Task<Dictionary<Guid, long>> StreamsWith(NpgsqlConnection db, params string[] types)
    {
        await using var command = new NpgsqlCommand("select stream_id, count(*) from mt_events where type = any(@types) group by stream_id", db);
        command.Parameters.AddWithValue("types", types);
        var counts = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return counts;
    }

    private static Task<long> AsyncLag(NpgsqlConnection db) => Scalar(db,
        "select (select coalesce(max(seq_id), 0) from mt_events) - (select coalesce(min(last_seq_id), 0) from mt_event_progression where name like '%:All')");

    private static async Task<long> Scalar(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<Dictionary<string, List<string>>> Snapshot(NpgsqlConnection db)
    {
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in ProjectedDocuments)
        {
            await using var command = new NpgsqlCommand($"select id::text || ' ' || data::text from mt_doc_{table} order by id", db);
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            snapshot[table] = rows;
        }
        return snapshot;
    }
}
