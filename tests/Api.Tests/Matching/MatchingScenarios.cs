using Marketplace.Api.Tests.Support;

namespace Marketplace.Api.Tests.Matching;

/// <summary>
/// A company hiring for event-driven work and a challenge about it: a posting on Kafka and sagas that never says
/// "event-driven", a posting far from it (dashboards in React), and a challenge on the transactional outbox whose golden
/// answers (tests/Api.Tests/Feedback/Golden) are the candidates' work.
/// </summary>
public static class MatchingScenarios
{
    public const string Kafka = "Integration Engineer, Order Flows";
    public const string Dashboards = "Frontend Engineer, Sales Dashboards";

    public const string KafkaDescription = """
        ## What you will do
        - Publish and consume domain events on Kafka between the order, stock and delivery services
        - Run long-running workflows as sagas with compensating steps
        - Keep every consumer idempotent under redelivery, keyed by message id
        """;

    public static object KafkaPosting(string title = Kafka) =>
        Scenarios.PostingInput(title: title, skills: ["microservices", "distributed-systems"], description: KafkaDescription);

    public static object DashboardsPosting() => Scenarios.PostingInput(title: Dashboards, skills: ["react"], role: "Frontend Engineer",
        description: "Build data-heavy React views in TypeScript for our sales team, fast and accessible on every screen.");

    public static readonly object[] OutboxRubric =
    [
        new { key = "transactional-outbox", description = "Writes the scan and its outbox row in one database transaction and explains how the relay publishes, marks and retries rows", weight = 0.4 },
        new { key = "idempotent-consumer", description = "Consumer deduplicates redelivered messages by message id or version and preserves ordering per parcel key", weight = 0.35 },
        new { key = "failure-testing", description = "Automated test or experiment that simulates a crash between commit and publish and proves no event is lost", weight = 0.25 },
    ];

    public static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Feedback", "Golden", name));

    public static Task<Guid> OutboxChallenge(this AppFixture app, TestCompany company) =>
        app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(title: "Outbox relay for scan events", rubric: OutboxRubric));

    /// <summary>The candidate's work on the challenge, reviewed.</summary>
    public static async Task<Guid> ReviewedWork(this AppFixture app, TestCandidate candidate, Guid challenge, string golden)
    {
        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, Golden(golden))).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(id, candidate.Token);
        return id;
    }

    /// <summary>Waits until the daemon has encoded these postings, so the index's answers no longer change as their vectors arrive.</summary>
    public static async Task Encoded(this AppFixture app, params Guid[] postings) =>
        await Eventually.Until(async () =>
        {
            await using var session = app.Store.QuerySession();
            return (await session.LoadManyAsync<Marketplace.Projections.Meaning.PostingMeaning>(postings)).Count;
        }, count => count == postings.Length);

    public const string Reasons = "reasons { submissionId challengeTitle submissionScore passage postingPassage similarity criteria { key description score } }";
}
