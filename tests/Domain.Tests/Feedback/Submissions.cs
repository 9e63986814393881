using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Domain.Tests.Feedback;

/// <summary>A microservices challenge's rubric and two answers to it: one thorough, one thin.</summary>
public static class Submissions
{
    public static readonly IReadOnlyList<Criterion> Rubric =
    [
        new("service-boundaries", "Splits the domain into services along business capabilities with clear ownership of data", 0.4),
        new("resilience", "Handles failures between services: timeouts, retries with backoff, idempotency, circuit breakers", 0.35),
        new("observability", "Makes the system observable with tracing, metrics and structured logs", 0.25),
    ];

    public const string Thin = "I would split the app into microservices and add retries when calls fail. Logging will show errors.";

    public const string Thorough = """
        # Order fulfilment as microservices

        ## Service boundaries

        I split the domain along business capabilities rather than technical layers. Each service owns its
        data outright; no other service reads its tables. Ownership is explicit:

        - Ordering owns orders and their lifecycle.
        - Payments owns charges and refunds.
        - Shipping owns parcels and carrier bookings.

        The boundaries follow how the business talks about the work, so a change to refunds touches one service.

        ```mermaid
        flowchart LR
          Ordering -->|OrderPlaced| Payments
          Payments -->|PaymentCaptured| Shipping
        ```

        ## Resilience

        Failures between services are expected, not exceptional. Every outbound call has a timeout of two
        seconds. Retries use exponential backoff with jitter, at most five attempts. Because retries repeat
        work, every command carries an idempotency key and handlers record the keys they have processed.
        A circuit breaker opens after ten consecutive failures so a struggling carrier API is not hammered.

        ```csharp
        [Fact]
        public async Task a_retried_payment_is_charged_once()
        {
            await payments.Capture(orderId, idempotencyKey);
            await payments.Capture(orderId, idempotencyKey);
            (await ledger.ChargesFor(orderId)).Count.ShouldBe(1);
        }
        ```

        ## Observability

        Every request carries a trace id through OpenTelemetry, so tracing shows the whole path of an order
        across services. Each service exports metrics for latency, error rate and queue depth, and writes
        structured logs as JSON with the trace id, order id and service name.

        ## Trade-offs

        Separate databases cost us cross-service joins; reports read from a projection instead. However,
        the outbox adds a little latency to every event, a downside we accepted for guaranteed delivery.
        The main risk is operational: more services to deploy and watch.
        """;

    public const string Repository = "https://github.com/candidate/order-fulfilment";

    public static ReviewRequest Request(string? content, string? repositoryUrl = Repository) =>
        new(Guid.Parse("7d8f7a54-1f3e-4d0a-9c55-1b7f1f3c2a10"), "Design order fulfilment", "Split a monolith into services.",
            3, Rubric, content, repositoryUrl);

    public static Review Review(string? content, string? repositoryUrl = Repository) =>
        new RubricReviewer().ReviewAsync(Request(content, repositoryUrl), CancellationToken.None).GetAwaiter().GetResult();
}
