using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Api.Identity;
using Npgsql;
using Shouldly;
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

    private readonly PatientClient _client;
    private readonly ConcurrentDictionary<(int, int), bool> _applied = new();
    private readonly ConcurrentDictionary<int, int> _attempts = new();

    private MarketplaceLoad(PatientClient client, string member, List<Guid> postings, Guid challenge, List<string> candidates)
    {
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
    public ConcurrentBag<Acknowledged> Done { get; } = [];

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
            return token;
        }));
        return new MarketplaceLoad(client, member, postings, challenge, [.. candidates]);
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

    /// <summary>Six workers applying and submitting until stopped; what the API acknowledged lands in <see cref="Done"/>.</summary>
    public Task Run(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var candidate = random.Next(Candidates.Count);
            if (random.Next(3) == 0 && _attempts.AddOrUpdate(candidate, 1, (_, n) => n + 1) <= 10)
            {
                var submitted = await _client.Mutate("mutation($input: SubmitToChallengeInput!) { submitToChallenge(input: $input) { submission { id } } }",
                    new { challengeId = Challenge, content = ChallengeScenarios.GoodWork + $"\n\nTake {worker}-{random.Next()}." }, Candidates[candidate]);
                if (submitted is { } ok) Done.Add(new("submission", Id(ok, "submission")));
                continue;
            }
            var posting = random.Next(Postings.Count);
            if (!_applied.TryAdd((candidate, posting), true))
            {
                await Task.Delay(5);
                continue;
            }
            var application = await _client.Mutate("mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }",
                new { postingId = Postings[posting], coverNote = "Hello" }, Candidates[candidate]);
            if (application is { } accepted) Done.Add(new("application", Id(accepted, "application")));
        }
    })));

    /// <summary>
    /// Every acknowledged command's events exist exactly once, every background job ran once (feedback per submission,
    /// one closing per posting, its applications closed), no message is left in the inbox or outbox, and the async
    /// projections have caught up.
    /// </summary>
    public async Task ShouldHaveLostNothing(NpgsqlConnection db)
    {
        var applications = Done.Where(a => a.Kind == "application").Select(a => a.Id).ToHashSet();
        var submissions = Done.Where(a => a.Kind == "submission").Select(a => a.Id).ToHashSet();
        applications.Count.ShouldBeGreaterThan(5, "the load must have done something");
        submissions.Count.ShouldBeGreaterThan(3);

        // Exactly once: every acknowledged command's first event, once; nothing nobody was told about.
        (await StreamsWith(db, "application_submitted")).ShouldBe(applications.ToDictionary(id => id, _ => 1L), ignoreOrder: true);
        (await StreamsWith(db, "submission_received")).ShouldBe(submissions.ToDictionary(id => id, _ => 1L), ignoreOrder: true);

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
        pending.ShouldBe(0, "every outbox and inbox message was handled");
        await Eventually.Until(() => AsyncLag(db), lag => lag == 0, TimeSpan.FromSeconds(60));
    }

    private static Guid Id(JsonElement? payload, string name) => Guid.Parse(payload!.Value.GetProperty(name).GetProperty("id").GetString()!);
}
