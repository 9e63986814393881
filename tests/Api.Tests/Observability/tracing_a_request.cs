using System.Diagnostics;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Observability;

/// <summary>One trace from the client's request to the background job it caused, as an operator sees it in a trace viewer.</summary>
public class tracing_a_request(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task a_submission_is_one_trace_from_the_request_through_its_handler_and_save_to_the_review_it_queued()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();

        var (id, trace, client) = await app.SubmitTraced(candidate, challenge);
        await app.Settled(id, candidate.Token);

        // The review runs in the background and queues a copy check of its own; their spans end a moment after the
        // feedback is visible, and a span is exported only when it ends.
        var spans = await Eventually.Until(() => Task.FromResult(app.Spans.Trace(trace)),
            s => s.Any(Handles("ReviewSubmission")) && Connected(s, client), TimeSpan.FromSeconds(10));
        foreach (var span in spans.OrderBy(s => s.StartTimeUtc))
            output.WriteLine($"{span.Source.Name,-30} {span.DisplayName,-60} {span.SpanId} <- {span.ParentSpanId}");

        var request = spans.Single(s => s.Source.Name == "Microsoft.AspNetCore" && s.ParentSpanId == client);
        var operation = spans.Single(s => s.Source.Name == "Marketplace.GraphQL");
        operation.DisplayName.ShouldBe("mutation submitToChallenge");
        operation.ParentSpanId.ShouldBe(request.SpanId);

        // The command is decided and committed through group commit (docs/adr/0036): its reads and its wait for the commit
        // are spans of the request; the group's own span, with its SQL, hangs from the first command of the group.
        var decide = spans.Single(s => s.DisplayName == "decide SubmitToChallenge");
        IsBeneath(decide, operation, spans).ShouldBeTrue("the command is decided inside the GraphQL operation");
        spans.ShouldContain(s => s.Source.Name == "Npgsql" && IsBeneath(s, decide, spans), "its reads reach PostgreSQL inside it");
        var commit = spans.Single(s => s.DisplayName == "commit SubmitToChallenge");
        IsBeneath(commit, operation, spans).ShouldBeTrue("the command waits for its commit inside the GraphQL operation");
        var review = spans.First(Handles("ReviewSubmission"));
        IsBeneath(review, commit, spans).ShouldBeTrue("the queued review continues the request's trace from its commit");
        spans.ShouldContain(s => s.Source.Name == "Npgsql" && IsBeneath(s, review, spans), "the review's save is in the trace too");

        // Connected: every span but the request's own hangs from another span of the trace.
        Connected(spans, client).ShouldBeTrue("every span hangs from another span of the trace");
        // Background polling (the daemon, Wolverine's durability agent) starts traces of its own; none of it is exported.
        app.Spans.Roots().ShouldNotContain(s => s.Source.Name == "Npgsql" || s.Source.Name == "Marten" || s.OperationName.StartsWith("wolverine"));
    }

    private static bool Connected(IReadOnlyList<Activity> spans, ActivitySpanId client)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        return spans.All(s => s.ParentSpanId == client || ids.Contains(s.ParentSpanId));
    }

    private static Func<Activity, bool> Handles(string messageType) => span =>
        span.Source.Name == "Wolverine" && span.GetTagItem("messaging.message_type") is string type && type.EndsWith(messageType) &&
        span.Kind is ActivityKind.Internal or ActivityKind.Consumer && span.OperationName != "send";

    private static bool IsBeneath(Activity span, Activity ancestor, IReadOnlyList<Activity> spans)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
            if (parent.SpanId == ancestor.SpanId) return true;
        return false;
    }
}
