using Marketplace.Api.Infrastructure.Identity;
using Npgsql;
using Shouldly;
using System.Collections.Concurrent;
using System.Text.Json;
using static Marketplace.Api.Tests.Support.EventStoreChecks;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// A company with published postings and a challenge, candidates applying and submitting from several workers through a
/// patient client, and the checks that nothing acknowledged was lost and nothing ran twice. The crash and cluster tests
/// share it.
/// </summary>
public sealed class MarketplaceLoad
{
    public sealed record Acknowledged(string Kind, Guid Id);

    /// <summary>One command a worker started: what it was, for whom, and how the client's call of it went.</summary>
    public sealed class Command(int worker, string kind, int candidate)
    {
        public int Worker { get; } = worker;
        public string Kind { get; } = kind;
        public int Candidate { get; } = candidate;
        public PatientClient.Call Call { get; } = new();
        public DateTime Started { get; } = DateTime.UtcNow;
        public DateTime? Ended { get; set; }
        public Guid? Id { get; set; }

        public override string ToString() =>
            $"{Kind} by candidate {Candidate} (worker {Worker}), started {Started:HH:mm:ss.fff}" +
            (Ended is { } ended ? $", ended {ended:HH:mm:ss.fff}" : "") + (Id is { } id ? $" as {id}" : "") + $": {Call}";
    }

    private readonly PatientClient _client;
    private readonly ConcurrentDictionary<(int, int), bool> _applied = new();
    private readonly ConcurrentDictionary<int, int> _attempts = new();

    private MarketplaceLoad(PatientClient client, string member, List<Guid> postings, Guid challenge, List<string> candidates, List<Guid> candidateIds)
    {
        CandidateIds = candidateIds;
        _client = client;
        Member = member;
        Postings = postings;
        Challenge = challenge;
        Candidates = candidates;
    }

    public string Member { get; }
    public List<Guid> Postings { get; }
    public Guid Challenge { get; }
    public List<string> Candidates { get; }
    public List<Guid> CandidateIds { get; }
    public ConcurrentBag<Acknowledged> Done { get; } = [];

    /// <summary>Every command the workers started, answered or not.</summary>
    public ConcurrentBag<Command> Commands { get; } = [];

    /// <summary>The commands still waiting for their answer when the load was told to stop; the workers finish them.</summary>
    public IReadOnlyList<Command> InFlightAtStop { get; private set; } = [];

    public static async Task<MarketplaceLoad> Prepare(AppFixture app, PatientClient client, string name, int postingCount, int candidateCount)
    {
        var company = Guid.Parse((await client.Mutate("mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id } } }",
            new { name, slug = "load-" + Guid.NewGuid().ToString("N")[..8] }, app.Token(Roles.Admin)))!.Value.GetProperty("company").GetProperty("id").GetString()!);
        var member = app.Token(Roles.Company, company: company);
        var postings = new List<Guid>();
        for (var i = 0; i < postingCount; i++)
        {
            var posting = Id(await client.Mutate($"mutation($input: DraftPostingInput!) {{ draftPosting(input: $input) {{ posting {{ id }} }} }}",
                ApplicationScenarios.Opening(openings: 50), member), "posting");
            await client.Mutate("mutation($input: PublishPostingInput!) { publishPosting(input: $input) { posting { id } } }", new { postingId = posting }, member);
            postings.Add(posting);
        }
        var challenge = Id(await client.Mutate("mutation($input: DraftChallengeInput!) { draftChallenge(input: $input) { challenge { id } } }",
            ChallengeScenarios.ChallengeInput(maxAttempts: 10), member), "challenge");
        await client.Mutate("mutation($input: ChallengeIdInput!) { publishChallenge(input: $input) { challenge { id } } }", new { challengeId = challenge }, member);
        var candidates = await Task.WhenAll(Enumerable.Range(0, candidateCount).Select(async i =>
        {
            var id = Guid.NewGuid();
            var token = app.Token(Roles.Candidate, subject: id);
            await client.Mutate("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }",
                new { displayName = $"Candidate {i}", email = $"{id:N}@example.com", skills = new[] { "microservices" } }, token);
            return (id, token);
        }));
        return new MarketplaceLoad(client, member, postings, challenge, [.. candidates.Select(c => c.token)], [.. candidates.Select(c => c.id)]);
    }

    /// <summary>Expiries are due days from now: brings them forward to the given moment, so that they fire during the load.</summary>
    public async Task BringExpiriesForward(NpgsqlConnection db, double seconds)
    {
        await using var due = new NpgsqlCommand(
            "update wolverine_incoming_envelopes set execution_time = now() + make_interval(secs => @seconds) " +
            "where status = 'Scheduled' and message_type = 'Marketplace.Domain.Postings.ExpirePosting'", db);
        due.Parameters.AddWithValue("seconds", seconds);
        (await due.ExecuteNonQueryAsync()).ShouldBe(Postings.Count, "one expiry scheduled per published posting");
    }

    /// <summary>
    /// Six workers applying and submitting until stopped; what the API acknowledged lands in <see cref="Done"/>. A command
    /// started before the stop is not abandoned: its worker keeps sending it under its key until it is answered, as a real
    /// client would, so that every command that may have committed ends acknowledged or refused. The commands in flight at
    /// the stop go to <paramref name="log"/>, and again once they are finished.
    /// </summary>
    public async Task Run(CancellationToken stop, Action<string>? log = null)
    {
        using var stopped = stop.Register(() =>
        {
            InFlightAtStop = [.. Commands.Where(c => c.Ended is null).OrderBy(c => c.Started)];
            log?.Invoke($"load ended at {DateTime.UtcNow:HH:mm:ss.fff} with {InFlightAtStop.Count} commands in flight, each sent again under its key until answered:" +
                        string.Concat(InFlightAtStop.Select(c => $"\n  {c}")));
        });
        await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var candidate = random.Next(Candidates.Count);
                if (random.Next(3) == 0 && _attempts.AddOrUpdate(candidate, 1, (_, n) => n + 1) <= 10)
                {
                    var content = ChallengeScenarios.GoodWork + $"\n\nTake {worker}-{random.Next()}.";
                    await Perform(new Command(worker, "submission", candidate), c => _client.Mutate(
                        "mutation($input: SubmitToChallengeInput!) { submitToChallenge(input: $input) { submission { id } } }",
                        new { challengeId = Challenge, content }, Candidates[candidate], c.Call));
                    continue;
                }
                var posting = random.Next(Postings.Count);
                if (!_applied.TryAdd((candidate, posting), true))
                {
                    await Task.Delay(5);
                    continue;
                }
                await Perform(new Command(worker, "application", candidate), c => _client.Mutate(
                    "mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }",
                    new { postingId = Postings[posting], coverNote = "Hello" }, Candidates[candidate], c.Call));
            }
        })));
        if (InFlightAtStop.Count > 0)
            log?.Invoke("the commands in flight at the end of the load, finished:" + string.Concat(InFlightAtStop.Select(c => $"\n  {c}")));
    }

    private async Task Perform(Command command, Func<Command, Task<JsonElement?>> send)
    {
        Commands.Add(command);
        var answer = await send(command);
        command.Ended = DateTime.UtcNow;
        if (answer is not { } payload) return;
        command.Id = Id(payload, command.Kind);
        Done.Add(new(command.Kind, command.Id.Value));
    }

    /// <summary>
    /// Every acknowledged command's events exist exactly once, every background job ran once (feedback per submission,
    /// one closing per posting, its applications closed), no message is left in the inbox or outbox, and the async
    /// projections have caught up. Returns how long after the call (the load's end) the background work had drained.
    /// </summary>
    public async Task<TimeSpan> ShouldHaveLostNothing(NpgsqlConnection db)
    {
        var drain = System.Diagnostics.Stopwatch.StartNew();
        var applications = Done.Where(a => a.Kind == "application").Select(a => a.Id).ToHashSet();
        var submissions = Done.Where(a => a.Kind == "submission").Select(a => a.Id).ToHashSet();
        applications.Count.ShouldBeGreaterThan(5, "the load must have done something");
        submissions.Count.ShouldBeGreaterThan(3);

        // Exactly once: every acknowledged command's first event, once; nothing nobody was told about.
        await ShouldExistExactlyOnce(db, "application", applications, "application_submitted");
        await ShouldExistExactlyOnce(db, "submission", submissions, "submission_received");

        // Every background job ran, once: feedback per submission, and the closed posting's applications closed.
        var feedback = await Eventually.Until(() => StreamsWith(db, "feedback_generated", "feedback_failed"),
            f => submissions.All(f.ContainsKey), TimeSpan.FromSeconds(90));
        feedback.ShouldBe(submissions.ToDictionary(id => id, _ => 1L), ignoreOrder: true);
        // Every posting closed exactly once (by hand or by its expiry), and every application with it.
        var closings = await Eventually.Until(() => StreamsWith(db, "posting_closed"), c => Postings.All(c.ContainsKey), TimeSpan.FromSeconds(60));
        closings.ShouldBe(Postings.ToDictionary(id => id, _ => 1L), ignoreOrder: true);
        var toClose = await Scalar(db, "select count(*) from mt_doc_applicationview");
        var stillActive = await Eventually.Until(() => Scalar(db, "select count(*) from mt_doc_applicationview where status = 'Active'"),
            n => n == 0, TimeSpan.FromSeconds(60));
        stillActive.ShouldBe(0, $"all {toClose} applications of the closed postings are closed");

        // No job is left behind (handled ones are kept a while, scheduled expiries wait for their day), and the async projections have caught up.
        var pending = await Eventually.Until(() => Scalar(db,
                "select (select count(*) from wolverine_incoming_envelopes where status = 'Incoming') + (select count(*) from wolverine_outgoing_envelopes)"),
            n => n == 0, TimeSpan.FromSeconds(60));
        if (pending != 0) pending.ShouldBe(0, "every outbox and inbox message was handled; left: " + await LeftInTheMessageStore(db));
        await Eventually.Until(() => AsyncLag(db), lag => lag == 0, TimeSpan.FromSeconds(60));
        return drain.Elapsed;
    }

    /// <summary>
    /// The streams that began with <paramref name="eventType"/> are exactly the acknowledged ones, each begun once. A failure
    /// names each side: acknowledged but absent (lost), present but never acknowledged, begun more than once; with the
    /// stream's first event and every command that candidate's workers sent.
    /// </summary>
    private async Task ShouldExistExactlyOnce(NpgsqlConnection db, string kind, HashSet<Guid> acknowledged, string eventType)
    {
        var streams = await StreamsWith(db, eventType);
        var lost = acknowledged.Where(id => !streams.ContainsKey(id)).ToList();
        var unacknowledged = streams.Keys.Where(id => !acknowledged.Contains(id)).ToList();
        var repeated = streams.Where(s => s.Value != 1).ToList();
        if (lost.Count + unacknowledged.Count + repeated.Count == 0) return;

        var report = new System.Text.StringBuilder(
            $"{acknowledged.Count} {kind}s acknowledged, {streams.Count} streams with {eventType}: the two sets differ.");
        foreach (var id in lost)
            report.Append($"\nACKNOWLEDGED BUT ABSENT {id}, acknowledged to: {string.Join("; ", Commands.Where(c => c.Id == id))}");
        foreach (var id in unacknowledged)
            report.Append($"\nPRESENT BUT NEVER ACKNOWLEDGED {id}: {await Describe(db, id, eventType)}");
        foreach (var (id, count) in repeated)
            report.Append($"\nBEGUN {count} TIMES {id}: {await Describe(db, id, eventType)}");
        report.Append($"\nin flight when the load ended: {InFlightAtStop.Count}");
        throw new ShouldAssertException(report.ToString());
    }

    /// <summary>A stream's first event, and every command the load sent for the same candidate.</summary>
    private async Task<string> Describe(NpgsqlConnection db, Guid stream, string eventType)
    {
        await using var read = new NpgsqlCommand(
            "select data::text, timestamp from mt_events where stream_id = @id and type = @type order by seq_id limit 1", db);
        read.Parameters.AddWithValue("id", stream);
        read.Parameters.AddWithValue("type", eventType);
        await using var reader = await read.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return "no event";
        var data = JsonDocument.Parse(reader.GetString(0)).RootElement;
        var at = reader.GetFieldValue<DateTimeOffset>(1);
        var candidate = data.TryGetProperty("candidateId", out var c) || data.TryGetProperty("CandidateId", out c)
            ? CandidateIds.IndexOf(c.GetGuid()) : -1;
        var attempt = data.TryGetProperty("attempt", out var a) || data.TryGetProperty("Attempt", out a) ? $", attempt {a}" : "";
        var commands = Commands.Where(x => x.Candidate == candidate).OrderBy(x => x.Started);
        return $"committed {at.UtcDateTime:HH:mm:ss.fff} for candidate {candidate}{attempt}; that candidate's commands:" +
               string.Concat(commands.Select(x => $"\n    {x}"));
    }

    private static Guid Id(JsonElement? payload, string name) => Guid.Parse(payload!.Value.GetProperty(name).GetProperty("id").GetString()!);

    /// <summary>The inbox and outbox messages left, by type, status, owner and attempts, and the nodes' last health checks.</summary>
    private static async Task<string> LeftInTheMessageStore(NpgsqlConnection db) => string.Join("; ", await Lines(db,
        "select message_type || ' ' || status || ' owner ' || owner_id || ' attempts ' || attempts || ': ' || count(*) " +
        "from wolverine_incoming_envelopes where status = 'Incoming' group by message_type, status, owner_id, attempts " +
        "union all select 'outgoing ' || message_type || ' to ' || destination || ' owner ' || owner_id || ': ' || count(*) " +
        "from wolverine_outgoing_envelopes group by message_type, destination, owner_id " +
        "union all select 'node ' || node_number || ' ' || id || ' last health check ' || health_check from wolverine_nodes"));
}
