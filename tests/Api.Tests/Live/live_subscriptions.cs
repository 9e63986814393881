using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Marketplace.Api.Tests.Live;

/// <summary>GraphQL subscriptions over graphql-sse (both modes) and graphql-ws, on the test host.</summary>
public class live_subscriptions(AppFixture app)
{
    private const string Review = "subscription($id: ID!) { submissionReview(id: $id) { kind criterion { key score comment } submission { id status attempt flagged feedback { overallScore rubricVersion } } } }";
    private const string Mine = "subscription { myApplications { kind application { id stage status } invitation { id status } } }";
    private const string Company = "subscription($p: ID) { companyApplications(postingId: $p) { kind application { id stage } } }";

    /// <summary>Work whose review waits until the test lets it go: the subscriber is there before the review is written.</summary>
    private static (string Work, TaskCompletionSource Release) Held()
    {
        var key = $"[hold-{Guid.NewGuid():N}]";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        OutageReviewer.Held[key] = release;
        return (ChallengeScenarios.GoodWork + "\n\n" + key, release);
    }

    private async Task<(TestCandidate Candidate, Guid Submission, TaskCompletionSource Release)> HeldSubmission()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();
        var (work, release) = Held();
        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, work)).Data("submitToChallenge.submission.id").GetString()!);
        return (candidate, id, release);
    }

    [Fact]
    public async Task over_sse_a_candidate_watches_each_criterion_then_the_score_arrive_and_the_stream_completes()
    {
        var (candidate, submission, release) = await HeldSubmission();
        using var http = app.StreamingClient();
        await using var stream = await http.Stream(Review, new { id = submission }, candidate.Token);
        stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        stream.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");

        release.SetResult();
        var events = await stream.UntilComplete();
        events[^1].Event.ShouldBe("complete");
        var updates = events.Where(e => e.Event == "next").Select(e => e.Json.GetProperty("data").GetProperty("submissionReview")).ToList();
        updates.Select(u => u.GetProperty("kind").GetString()).ShouldBe(["CRITERION_SCORED", "CRITERION_SCORED", "CRITERION_SCORED", "REVIEWED"]);
        updates.Take(3).Select(u => u.GetProperty("criterion").GetProperty("key").GetString()).ShouldBe(["service-boundaries", "resilience", "observability"]);
        var done = updates[^1].GetProperty("submission");
        done.GetProperty("status").GetString().ShouldBe("FEEDBACK_READY");
        done.GetProperty("feedback").GetProperty("overallScore").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task over_graphql_ws_the_same_review_arrives_and_a_failed_review_says_so()
    {
        var (candidate, submission, release) = await HeldSubmission();
        await using var ws = await app.WebSocket();
        ws.Socket.SubProtocol.ShouldBe("graphql-transport-ws");
        await ws.Init(candidate.Token);
        await ws.Send(new { id = "r1", type = "subscribe", payload = new { query = Review, variables = new { id = submission } } });
        release.SetResult();
        var messages = await ws.UntilComplete("r1");
        messages.Select(m => m.GetProperty("type").GetString()).ShouldBe(["next", "next", "next", "next", "complete"]);
        messages[3].GetProperty("payload").GetProperty("data").GetProperty("submissionReview").GetProperty("kind").GetString().ShouldBe("REVIEWED");

        // A review that fails for good is told as FAILED.
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var failing = Guid.Parse((await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork + OutageReviewer.Marker)).Data("submitToChallenge.submission.id").GetString()!);
        await ws.Send(new { id = "r2", type = "subscribe", payload = new { query = Review, variables = new { id = failing } } });
        var failed = await ws.UntilComplete("r2");
        failed[0].GetProperty("payload").GetProperty("data").GetProperty("submissionReview").GetProperty("kind").GetString().ShouldBe("FAILED");
        failed[^1].GetProperty("type").GetString().ShouldBe("complete");
    }

    [Fact]
    public async Task single_connection_mode_carries_several_operations_on_one_stream()
    {
        var (candidate, submission, release) = await HeldSubmission();
        using var http = app.StreamingClient();
        var reserve = new HttpRequestMessage(HttpMethod.Put, "/graphql/stream");
        reserve.Headers.Authorization = new("Bearer", candidate.Token);
        var reserved = await http.SendAsync(reserve);
        reserved.StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = await reserved.Content.ReadAsStringAsync();

        var open = new HttpRequestMessage(HttpMethod.Get, "/graphql/stream");
        open.Headers.Add("x-graphql-event-stream-token", token);
        open.Headers.Accept.ParseAdd("text/event-stream");
        await using var stream = new SseReader(await http.SendAsync(open, HttpCompletionOption.ResponseHeadersRead));
        stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        async Task<HttpStatusCode> Start(string operationId, string query, object? variables)
        {
            var post = new HttpRequestMessage(HttpMethod.Post, "/graphql/stream")
            {
                Content = JsonContent.Create(new { query, variables, extensions = new { operationId } }),
            };
            post.Headers.Add("x-graphql-event-stream-token", token);
            post.Headers.Authorization = new("Bearer", candidate.Token);
            return (await http.SendAsync(post)).StatusCode;
        }

        (await Start("q", "{ me { role } }", null)).ShouldBe(HttpStatusCode.Accepted);
        (await Start("review", Review, new { id = submission })).ShouldBe(HttpStatusCode.Accepted);
        release.SetResult();
        var seen = new List<(string Event, string Id, JsonElement Data)>();
        while (seen.Count(e => e.Event == "complete") < 2 && await stream.Next() is { } next)
            seen.Add((next.Event, next.Json.GetProperty("id").GetString()!, next.Json));
        seen.Where(e => e.Id == "q" && e.Event == "next").Single().Data.GetProperty("payload").GetProperty("data").GetProperty("me").GetProperty("role").GetString().ShouldBe("candidate");
        seen.Where(e => e.Id == "review" && e.Event == "next").Select(e => e.Data.GetProperty("payload").GetProperty("data").GetProperty("submissionReview").GetProperty("kind").GetString())
            .Last().ShouldBe("REVIEWED");
        seen.Where(e => e.Event == "complete").Select(e => e.Id).Order().ShouldBe(["q", "review"]);
    }

    [Fact]
    public async Task a_candidate_and_the_company_see_an_application_move_as_it_happens()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();
        await using var mine = await app.WebSocket();
        await mine.Init(candidate.Token);
        await mine.Send(new { id = "mine", type = "subscribe", payload = new { query = Mine } });
        using var http = app.StreamingClient();
        await using var theirs = await http.Stream(Company, new { p = posting }, company.Token);
        await Task.Delay(300);

        var application = await app.Applied(candidate, posting);
        var submitted = (await mine.Receive())!.Value.GetProperty("payload").GetProperty("data").GetProperty("myApplications");
        submitted.GetProperty("kind").GetString().ShouldBe("SUBMITTED");
        submitted.GetProperty("application").GetProperty("id").GetString().ShouldBe(application.ToString());
        var arrived = (await theirs.Next())!.Json.GetProperty("data").GetProperty("companyApplications");
        arrived.GetProperty("kind").GetString().ShouldBe("SUBMITTED");

        (await app.Move("advanceApplication", company.Token, new { applicationId = application, toStage = "SCREENING" })).Errors.ShouldBeEmpty();
        var moved = (await mine.Receive())!.Value.GetProperty("payload").GetProperty("data").GetProperty("myApplications");
        moved.GetProperty("kind").GetString().ShouldBe("ADVANCED");
        moved.GetProperty("application").GetProperty("stage").GetString().ShouldBe("SCREENING");
        (await theirs.Next())!.Json.GetProperty("data").GetProperty("companyApplications").GetProperty("application").GetProperty("stage").GetString().ShouldBe("SCREENING");
    }

    [Fact]
    public async Task who_may_follow_what_is_checked_as_for_queries()
    {
        var (candidate, submission, _) = await HeldSubmission();
        var stranger = await app.RegisterCandidate("Someone Else");
        using var http = app.StreamingClient();

        async Task<string?> FirstCode(string query, object? variables, string? token)
        {
            await using var stream = await http.Stream(query, variables, token);
            var first = await stream.Next();
            return first!.Json.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
        }

        (await FirstCode(Review, new { id = submission }, null)).ShouldBe("UNAUTHENTICATED");
        (await FirstCode(Review, new { id = submission }, stranger.Token)).ShouldBe("NOT_FOUND");
        (await FirstCode(Mine, null, app.Token(Roles.Analyst))).ShouldBe("FORBIDDEN");
        (await FirstCode(Company, null, candidate.Token)).ShouldBe("FORBIDDEN");

        var invalid = await http.Stream("subscription { submissionReview(id: \"nope\") { kind } }", null, candidate.Token);
        (await invalid.Next())!.Json.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("VALIDATION_FAILED");
        var broken = await http.Stream("subscription { submissionReview(", null, candidate.Token);
        broken.Response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await broken.Response.Content.ReadAsStringAsync()).ShouldContain("GRAPHQL_PARSE_FAILED");
        var badToken = await http.Stream(Review, new { id = submission }, "not-a-token");
        badToken.Response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_subscription_sent_as_a_plain_post_gets_a_clear_error()
    {
        var response = await app.Host.GraphQL("subscription { myApplications { kind } }", token: (await app.RegisterCandidate()).Token);
        response.ErrorCode.ShouldBe("SUBSCRIPTION_REQUIRES_STREAM");
        response.Body.ShouldContain("/graphql/stream");
    }

    [Fact]
    public async Task an_expiring_token_ends_the_subscription()
    {
        var (candidate, submission, _) = await HeldSubmission();
        var shortLived = app.Host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Candidate, candidate.Id, lifetime: TimeSpan.FromSeconds(2));
        using var http = app.StreamingClient();
        await using var stream = await http.Stream(Review, new { id = submission }, shortLived);
        var events = await stream.UntilComplete(TimeSpan.FromSeconds(10));
        events[0].Json.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("UNAUTHENTICATED");
        events[^1].Event.ShouldBe("complete");

        await using var ws = await app.WebSocket();
        await ws.Init(app.Host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Candidate, candidate.Id, lifetime: TimeSpan.FromSeconds(2)));
        await ws.Send(new { id = "x", type = "subscribe", payload = new { query = Review, variables = new { id = submission } } });
        var ended = await ws.UntilComplete("x");
        ended[^1].GetProperty("type").GetString().ShouldBe("error");
        (await ws.Receive(TimeSpan.FromSeconds(5))).ShouldBeNull();
        ws.Socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4403);
    }

    [Fact]
    public async Task a_member_removed_from_the_company_loses_the_stream()
    {
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        using var http = app.StreamingClient();
        await using var stream = await http.Stream(Company, null, recruiter.Token);
        await Task.Delay(300);
        (await app.MemberChange("removeMember", team.Owner.Token, new { accountId = recruiter.Id })).Errors.ShouldBeEmpty();
        var events = await stream.UntilComplete(TimeSpan.FromSeconds(10));
        events[0].Json.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("FORBIDDEN");
        events[^1].Event.ShouldBe("complete");
    }

    [Fact]
    public async Task the_graphql_ws_protocol_is_held_to()
    {
        await using (var early = await app.WebSocket())
        {
            await early.Send(new { id = "1", type = "subscribe", payload = new { query = Mine } });
            (await early.Receive()).ShouldBeNull();
            early.Socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4401);
        }
        var candidate = await app.RegisterCandidate();
        await using (var twice = await app.WebSocket())
        {
            await twice.Init(candidate.Token);
            await twice.Send(new { type = "connection_init" });
            (await twice.Receive()).ShouldBeNull();
            twice.Socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4429);
        }
        await using (var garbage = await app.WebSocket())
        {
            await garbage.Socket.SendAsync("{not json"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            (await garbage.Receive()).ShouldBeNull();
            garbage.Socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4400);
        }
        await using (var refused = await app.WebSocket())
        {
            await refused.Send(new { type = "connection_init", payload = new { Authorization = "Bearer forged" } });
            (await refused.Receive()).ShouldBeNull();
            refused.Socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4403);
        }
        await using var ws = await app.WebSocket();
        await ws.Init(candidate.Token);
        await ws.Send(new { type = "ping" });
        (await ws.Receive())!.Value.GetProperty("type").GetString().ShouldBe("pong");
        await ws.Send(new { id = "v", type = "subscribe", payload = new { query = "subscription { nothingHere { kind } }" } });
        var invalid = (await ws.Receive())!.Value;
        invalid.GetProperty("type").GetString().ShouldBe("error");
        invalid.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("GRAPHQL_VALIDATION_FAILED");
        await ws.Send(new { id = "dup", type = "subscribe", payload = new { query = Mine } });
        await ws.Send(new { id = "dup", type = "subscribe", payload = new { query = Mine } });
        (await ws.Receive()).ShouldBeNull();
        ws.Socket.CloseStatus.ShouldBe((WebSocketCloseStatus)4409);
    }

    [Fact]
    public async Task idle_streams_say_they_are_alive()
    {
        var candidate = await app.RegisterCandidate();
        using var http = app.StreamingClient();
        await using var stream = await http.Stream(Mine, null, candidate.Token);
        await Quiet(() => stream.Next(TimeSpan.FromSeconds(2.5)));
        stream.Heartbeats.ShouldBeGreaterThan(0, "an SSE comment every Live__HeartbeatSeconds");

        await using var ws = await app.WebSocket();
        await ws.Init(candidate.Token);
        await ws.Send(new { id = "idle", type = "subscribe", payload = new { query = Mine } });
        await Quiet(() => ws.Receive(TimeSpan.FromSeconds(2.5)));
        ws.Pings.ShouldBeGreaterThan(0, "a graphql-ws ping every Live__HeartbeatSeconds");
    }

    /// <summary>Reads until the time is up, and nothing but heartbeats may have come meanwhile.</summary>
    private static async Task Quiet<T>(Func<Task<T>> read)
    {
        try
        {
            var got = await read();
            Assert.Fail($"Nothing but heartbeats was expected, got {got}");
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task one_sign_in_holds_a_bounded_number_of_subscriptions()
    {
        var candidate = await app.RegisterCandidate();
        var limit = app.Host.Services.GetRequiredService<Marketplace.Api.Live.LiveLimits>().PerIdentity;
        await using var ws = await app.WebSocket();
        await ws.Init(candidate.Token);
        for (var i = 0; i < limit; i++) await ws.Send(new { id = $"s{i}", type = "subscribe", payload = new { query = Mine } });
        await Eventually.Until(() => Task.FromResult(app.Host.Services.GetRequiredService<Marketplace.Api.Live.LiveHub>().OpenFor(candidate.Id)), open => open == limit);
        await ws.Send(new { id = "over", type = "subscribe", payload = new { query = Mine } });
        var refused = await ws.UntilComplete("over");
        refused[0].GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("RATE_LIMITED");
    }
}
