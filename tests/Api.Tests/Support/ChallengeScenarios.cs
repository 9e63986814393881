using Alba;
using Marketplace.Api.Infrastructure.Identity;
using System.Diagnostics;
using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

public sealed record TestCandidate(Guid Id, string Token, string Handle);

public static class ChallengeScenarios
{
    public const string ChallengeFields = "id version title skill difficulty maxAttempts status opensAt closesAt submissionCount averageScore ownerCompany { id } rubric { version criteria { key description weight } }";
    public const string SubmissionFields = "id version attempt status content repositoryUrl submittedAt flagged similarity flagReason similarTo { id } flagConfirmed failureReason challenge { id title } feedback { reviewer rubricVersion overallScore summary criteria { key score comment } }";

    public static readonly object[] Rubric =
    [
        new { key = "service-boundaries", description = "Splits the domain into services along business capabilities with clear ownership of data", weight = 0.4 },
        new { key = "resilience", description = "Handles failures between services: timeouts, retries with backoff, idempotency, circuit breakers", weight = 0.35 },
        new { key = "observability", description = "Makes the system observable with tracing, metrics and structured logs", weight = 0.25 },
    ];

    public static object ChallengeInput(string title = "Design an order pipeline", int maxAttempts = 3, object[]? rubric = null,
        string skill = "microservices", DateTimeOffset? opensAt = null) => new
    {
        skill,
        title,
        brief = "Design the services that take an order from checkout to delivery, and explain how they stay reliable.",
        difficulty = "MEDIUM",
        maxAttempts,
        rubric = rubric ?? Rubric,
        opensAt,
    };

    public static Task<GraphQLResponse> DraftChallenge(this AppFixture app, string? token, object input) =>
        app.Host.GraphQL($"mutation($input: DraftChallengeInput!) {{ draftChallenge(input: $input) {{ challenge {{ {ChallengeFields} }} }} }}", new { input }, token);

    public static Task<GraphQLResponse> ChallengeMutation(this AppFixture app, string mutation, string? token, object input)
    {
        var inputType = mutation == "reviseChallenge" ? "ReviseChallengeInput" : "ChallengeIdInput";
        return app.Host.GraphQL($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ challenge {{ {ChallengeFields} }} }} }}", new { input }, token);
    }

    public static async Task<Guid> PublishedChallenge(this AppFixture app, string token, object? input = null)
    {
        var id = (await app.DraftChallenge(token, input ?? ChallengeInput())).Data("draftChallenge.challenge.id").GetString()!;
        (await app.ChallengeMutation("publishChallenge", token, new { challengeId = id })).Data();
        return Guid.Parse(id);
    }

    public static async Task<TestCandidate> RegisterCandidate(this AppFixture app, string displayName = "Ada Lovelace", bool discoverable = false)
    {
        var id = Guid.NewGuid();
        var token = app.Token(Roles.Candidate, subject: id);
        var response = await app.Host.GraphQL("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id handle } } }",
            new { input = new { displayName, email = $"{id:N}@example.com", headline = "Backend engineer", skills = new[] { "microservices" }, discoverable } },
            token);
        return new TestCandidate(id, token, response.Data("registerCandidate.candidate.handle").GetString()!);
    }

    public static Task<GraphQLResponse> Submit(this AppFixture app, string? token, Guid challengeId, string? content, string? repositoryUrl = null) =>
        app.Host.GraphQL($"mutation($input: SubmitToChallengeInput!) {{ submitToChallenge(input: $input) {{ submission {{ {SubmissionFields} }} }} }}",
            new { input = new { challengeId, content, repositoryUrl } }, token);

    public static async Task<JsonElement?> Submission(this AppFixture app, Guid id, string? token)
    {
        var submission = (await app.Host.GraphQL($"query($id: ID!) {{ submission(id: $id) {{ {SubmissionFields} }} }}", new { id }, token)).Data("submission");
        return submission.ValueKind == JsonValueKind.Null ? null : submission;
    }

    /// <summary>Submits as a traced client would: under a traceparent of its own, whose trace <see cref="AppFixture.Spans"/> keeps.</summary>
    public static async Task<(Guid Submission, ActivityTraceId Trace, ActivitySpanId Client)> SubmitTraced(this AppFixture app, TestCandidate candidate, Guid challengeId)
    {
        var trace = app.Spans.Watch();
        var client = ActivitySpanId.CreateRandom();
        var response = await app.Host.Scenario(s =>
        {
            s.Post.Json(new
            {
                query = "mutation($input: SubmitToChallengeInput!) { submitToChallenge(input: $input) { submission { id } } }",
                variables = new { input = new { challengeId, content = GoodWork } },
            }).ToUrl("/graphql");
            s.WithRequestHeader("Authorization", $"Bearer {candidate.Token}");
            s.WithRequestHeader("traceparent", $"00-{trace}-{client}-01");
        });
        var id = Guid.Parse(new GraphQLResponse(200, null, await response.ReadAsTextAsync()).Data("submitToChallenge.submission.id").GetString()!);
        return (id, trace, client);
    }

    /// <summary>Waits for the feedback job to settle the submission (ready or failed).</summary>
    public static async Task<JsonElement> Settled(this AppFixture app, Guid id, string token) =>
        (await Eventually.Until(() => app.Submission(id, token), s => s?.GetProperty("status").GetString() is "FEEDBACK_READY" or "FEEDBACK_FAILED"))!.Value;

    public static async Task<JsonElement> Challenge(this AppFixture app, Guid id, string? token = null, string extra = "") =>
        (await app.Host.GraphQL($"query($id: ID!) {{ challenge(id: $id) {{ {ChallengeFields} {extra} }} }}", new { id }, token)).Data("challenge");

    public const string GoodWork = """
        ## Services and their data
        Orders, payments and shipping are separate services along business capabilities; each owns its data and
        publishes events. Boundaries follow the domain: ownership of order data stays in the order service.

        ## Resilience
        Calls between services use timeouts, retries with exponential backoff and idempotency keys; a circuit breaker
        stops cascading failures, and failed messages go to a dead-letter queue for replay.

        ## Observability
        Every request carries a trace id through OpenTelemetry tracing; services emit metrics and structured logs.

        ```mermaid
        graph LR; checkout --> orders --> payments --> shipping
        ```

        ```csharp
        [Fact] public void retries_are_idempotent() => Assert.Equal(1, ledger.Entries.Count);
        ```

        ## Trade-offs
        Eventual consistency between services is a cost we accept; however the saga compensates failed payments.
        """;
}
