using System.Diagnostics;
using System.Text;

namespace Marketplace.Bench;

public sealed record Candidate(Guid Id, string Token);

/// <summary>
/// What the load runs against, set up through GraphQL: one company with open postings and published challenges for
/// one skill, and registered candidates, so that every application is a fresh (candidate, posting) pair and every
/// submission stays within the challenge's attempt limit.
/// </summary>
public sealed class World
{
    public const string Skill = "microservices";
    public const int MaxAttempts = 20;
    private const int PostingCount = 20;
    private const int ChallengeCount = 10;
    private const int SetupConcurrency = 8;

    private readonly GraphQLClient client;
    private readonly Tokens tokens;
    private readonly CancellationToken cancellation;
    private readonly string companyToken;
    private readonly List<Candidate> candidates = [];

    private World(GraphQLClient client, Tokens tokens, string companyToken, CancellationToken cancellation)
    {
        this.client = client;
        this.tokens = tokens;
        this.companyToken = companyToken;
        this.cancellation = cancellation;
    }

    public Guid CompanyId { get; private init; }

    /// <summary>The token of the company's owner, who may move its applications through the pipeline.</summary>
    public string OwnerToken => companyToken;
    public IReadOnlyList<Guid> Postings { get; private set; } = [];
    public IReadOnlyList<Guid> Challenges { get; private set; } = [];
    public IReadOnlyList<Candidate> Candidates => candidates;

    /// <summary>Registrations per second while setting up: a first guess at how fast commands go.</summary>
    public double RegistrationRate { get; private set; }

    /// <summary>A company (its slug must be new to the database), its postings and challenges, and the candidates.</summary>
    public static async Task<World> Create(GraphQLClient client, BenchContext context, int candidateCount, string companySlug = "bench-systems")
    {
        var (tokens, cancellation) = (context.Tokens, context.Cancellation);
        var admin = await tokens.Platform("admin", client, context.Launcher, context.Databases.Main, cancellation);
        var owner = tokens.Owner(companySlug);
        var company = await RegisterCompany(client, owner, admin, companySlug, cancellation);
        var world = new World(client, tokens, owner, cancellation) { CompanyId = company };
        world.Postings = await world.InParallel(PostingCount, world.OpenPosting);
        world.Challenges = await world.InParallel(ChallengeCount, world.PublishChallenge);
        var started = Stopwatch.GetTimestamp();
        await world.AddCandidates(candidateCount);
        world.RegistrationRate = candidateCount / Stopwatch.GetElapsedTime(started).TotalSeconds;
        return world;
    }

    public async Task AddCandidates(int count)
    {
        var first = candidates.Count;
        candidates.AddRange(await InParallel(count, i => RegisterCandidate(first + i)));
    }

    /// <summary>The owner's account registers the company and the administrator approves it, as a real company joins.</summary>
    private static async Task<Guid> RegisterCompany(GraphQLClient client, string owner, string admin, string slug, CancellationToken cancellation)
    {
        var data = await client.Data(GraphQLRequest.Of(Documents.RegisterCompany,
            new { input = new { name = $"Bench {slug}", slug, website = "https://bench.example" } }, owner), cancellation);
        var company = data.GetProperty("registerCompany").GetProperty("company").GetProperty("id").GetGuid();
        await client.Data(GraphQLRequest.Of("mutation($input: CompanyIdInput!) { approveCompany(input: $input) { company { id } } }",
            new { input = new { companyId = company } }, admin), cancellation);
        return company;
    }

    private async Task<Guid> OpenPosting(int index)
    {
        var platform = index % 2 == 0;
        var draft = await client.Data(GraphQLRequest.Of(Documents.DraftPosting, new
        {
            input = new
            {
                title = platform ? $"Platform Engineer {index}" : $"Backend Engineer {index}",
                role = platform ? "Platform Engineer" : "Backend Engineer",
                seniority = index % 3 == 0 ? "MID" : "SENIOR",
                skills = new[] { Skill },
                remotePolicy = index % 4 == 0 ? "HYBRID" : "REMOTE",
                salary = new { min = 60_000 + index * 1_000, max = 90_000 + index * 1_000, currency = "EUR" },
                description = "## The role\n\nYou will split a payments monolith into services with clear boundaries, " +
                              "own them in production and help the team adopt event-driven integration.",
                openings = 50,
            },
        }, companyToken), cancellation);
        var id = draft.GetProperty("draftPosting").GetProperty("posting").GetProperty("id").GetGuid();
        var expiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(300).ToString("yyyy-MM-dd");
        await client.Data(GraphQLRequest.Of(Documents.PublishPosting, new { input = new { postingId = id, expiresOn } }, companyToken), cancellation);
        return id;
    }

    private async Task<Guid> PublishChallenge(int index)
    {
        var draft = await client.Data(GraphQLRequest.Of(Documents.DraftChallenge, new
        {
            input = new
            {
                skill = Skill,
                title = $"Split the monolith, part {index}",
                brief = "Take the order module of the attached monolith and propose a service boundary, its contract and " +
                        "how it stays consistent with the rest.",
                difficulty = "MEDIUM",
                maxAttempts = MaxAttempts,
                rubric = new[]
                {
                    new { key = "boundaries", description = "Service boundaries follow the domain", weight = 0.5 },
                    new { key = "resilience", description = "Failures are contained and retried safely", weight = 0.3 },
                    new { key = "clarity", description = "The write-up explains the trade-offs", weight = 0.2 },
                },
            },
        }, companyToken), cancellation);
        var id = draft.GetProperty("draftChallenge").GetProperty("challenge").GetProperty("id").GetGuid();
        await client.Data(GraphQLRequest.Of(Documents.PublishChallenge, new { input = new { challengeId = id } }, companyToken), cancellation);
        return id;
    }

    private async Task<Candidate> RegisterCandidate(int index)
    {
        var id = Guid.NewGuid();
        var candidate = new Candidate(id, tokens.Candidate(id));
        await client.Data(GraphQLRequest.Of(Documents.RegisterCandidate, new
        {
            input = new { displayName = $"Bench Candidate {index}", email = $"candidate{index}@bench.example", skills = new[] { Skill } },
        }, candidate.Token), cancellation);
        return candidate;
    }

    private async Task<T[]> InParallel<T>(int count, Func<int, Task<T>> create)
    {
        var results = new T[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency, CancellationToken = cancellation },
            async (i, _) => results[i] = await create(i));
        return results;
    }
}

/// <summary>
/// Hands out applications, each to a (candidate, posting) pair never used before: consecutive requests go to
/// different postings of the same candidate, so concurrent requests never race for one application stream. The
/// postings are the world's own unless others are given (other companies' postings, which the world's candidates
/// apply to in turn).
/// </summary>
public sealed class ApplicationRequests(World world, IReadOnlyList<Guid>? postings = null)
{
    private const string CoverNote = "I have split two monoliths into services and ran them on call; happy to talk through how.";
    private readonly IReadOnlyList<Guid> postings = postings ?? world.Postings;
    private int next;

    public int Remaining => world.Candidates.Count * postings.Count - Volatile.Read(ref next);

    /// <summary>Registers candidates until at least <paramref name="pairs"/> fresh pairs are left.</summary>
    public async Task EnsureRemaining(int pairs)
    {
        if (Remaining < pairs) await world.AddCandidates((pairs - Remaining + postings.Count - 1) / postings.Count);
    }

    public GraphQLRequest? Next()
    {
        var pair = Interlocked.Increment(ref next) - 1;
        var candidate = pair / postings.Count;
        if (candidate >= world.Candidates.Count) return null;
        return GraphQLRequest.Of(Documents.ApplyToPosting,
            new { input = new { postingId = postings[pair % postings.Count], coverNote = CoverNote } },
            world.Candidates[candidate].Token);
    }
}

/// <summary>
/// Hands out submissions: challenge, then candidate, then attempt, so the same (candidate, challenge) comes round
/// again only after every other pair has had its turn, and never more often than the attempt limit.
/// </summary>
public sealed class SubmissionRequests(World world)
{
    private static readonly string[] Words =
    [
        "service", "boundary", "contract", "event", "queue", "retry", "idempotent", "consumer", "producer", "saga",
        "outbox", "schema", "version", "latency", "throughput", "partition", "replica", "cache", "timeout", "circuit",
        "breaker", "deploy", "rollback", "canary", "metric", "trace", "log", "alert", "budget", "owner", "team",
        "domain", "aggregate", "command", "projection", "read", "write", "model", "gateway", "client", "backoff",
        "order", "payment", "ledger", "invoice", "refund", "customer", "inventory", "shipment", "catalogue",
    ];

    private readonly Candidate[] candidates = [.. world.Candidates];
    private int next;

    public GraphQLRequest? Next()
    {
        var slot = Interlocked.Increment(ref next) - 1;
        var challenge = slot % world.Challenges.Count;
        var rest = slot / world.Challenges.Count;
        if (rest / candidates.Length >= World.MaxAttempts) return null;
        return GraphQLRequest.Of(Documents.SubmitToChallenge,
            new { input = new { challengeId = world.Challenges[challenge], content = Content() } },
            candidates[rest % candidates.Length].Token);
    }

    /// <summary>A few hundred characters of markdown, different every time: real candidates do not send copies.</summary>
    public static string Content()
    {
        var text = new StringBuilder("## Approach\n\n");
        AppendWords(text, 30).Append(".\n\n- ");
        AppendWords(text, 8).Append("\n- ");
        AppendWords(text, 8).Append("\n\n## Trade-offs\n\n");
        return AppendWords(text, 20).Append('.').ToString();
    }

    private static StringBuilder AppendWords(StringBuilder text, int count)
    {
        for (var i = 0; i < count; i++) text.Append(i == 0 ? "" : " ").Append(Words[Random.Shared.Next(Words.Length)]);
        return text;
    }
}
