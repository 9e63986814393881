using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Marten;
using Wolverine;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Attempts at one endpoint's pending deliveries, then their records: delivered; or failed, scheduled again on the retry
/// schedule (the receiver's Retry-After when it asks for longer), until the schedule ends; an endpoint failing for longer
/// than <see cref="WebhookOptions.DisableAfter"/> is disabled and its owners and admins get a mail. The attempts go out in
/// event order, as many at once as <see cref="EndpointGate"/> lets in; once one fails or is slow, the rest step aside and
/// take their turns one by one, so that a batch never holds a slot of the queue for a slow endpoint. The attempts
/// themselves run on threads of their own at a lower priority (<see cref="WebhookOptions.Nice"/>), started as they are
/// needed, as many as the queue's slots can have in flight: on a busy node the commands keep the cores and the
/// deliveries take what they leave (docs/adr/0039).
/// </summary>
public sealed class WebhookAttempts(WebhookSender sender, EndpointGate gate, WebhookOptions options, TimeProvider time) : IDisposable
{
    // As many as could be in flight at once: each of the queue's slots holds a batch of one endpoint's attempts. None at
    // nice 0: the attempts then await their sockets on the thread pool, as on a node of deliveries (docs/adr/0040).
    private readonly LowPriorityThreads? _threads = options.Nice > 0
        ? new("Webhook attempts", options.Parallelism * options.ConcurrencyPerEndpoint, options.Nice)
        : null;

    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromDays(1);

    /// <summary>What became of one delivery here: an attempt's result, or the wait before its turn.</summary>
    private sealed record Outcome(SendResult? Sent, TimeSpan StepAside);

    public async Task<OutgoingMessages> Make(IDocumentSession session, Guid endpointId, IReadOnlyCollection<Guid> deliveryIds,
        CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        // One round trip for all three, however many deliveries.
        var batch = session.CreateBatchQuery();
        var loadingDeliveries = batch.LoadMany<WebhookDelivery>().ById(deliveryIds.ToArray());
        var loadingEndpoint = batch.Load<WebhookEndpoint>(endpointId);
        var loadingHealth = batch.Load<WebhookEndpointHealth>(endpointId);
        await batch.Execute(cancellationToken);
        var deliveries = (await loadingDeliveries).Where(d => d.Status == DeliveryStatus.Pending)
            .OrderBy(d => d.Sequence).ThenBy(d => d.CreatedAt).ToList();
        if (deliveries.Count == 0) return outgoing;
        var endpoint = await loadingEndpoint;
        var health = await loadingHealth ?? new() { Id = endpointId };
        if (endpoint is null || !endpoint.Enabled || health.DisabledAt is not null)
        {
            var refused = new WebhookAttempt(time.GetUtcNow(), null, 0, null, endpoint is null ? "the endpoint was deleted" : "the endpoint is disabled", false);
            foreach (var delivery in deliveries) Record(delivery, refused, DeliveryStatus.Failed);
            DeliveryRows.Update(session, deliveries);
            return outgoing;
        }

        var outcomes = await Attempt(endpoint, deliveries, cancellationToken);
        var recorded = new List<WebhookDelivery>(deliveries.Count);
        var healthChanged = false;
        foreach (var (delivery, outcome) in deliveries.Zip(outcomes))
        {
            if (outcome.Sent is not { } result)
            {
                outgoing.Add(new DeliverWebhook(delivery.Id, endpoint.Id).DelayedFor(outcome.StepAside));
                continue;
            }
            var at = result.Attempt.At;
            if (result.Attempt.Succeeded)
            {
                Record(delivery, result.Attempt, DeliveryStatus.Delivered);
                if (health.FailingSince is not null || health.LastSuccessAt is null || at - health.LastSuccessAt > TimeSpan.FromMinutes(1))
                {
                    health.FailingSince = null;
                    health.LastSuccessAt = at;
                    healthChanged = true;
                }
            }
            else
            {
                delivery.Failures++;
                health.FailingSince ??= at;
                health.LastFailureAt = at;
                healthChanged = true;
                var disabling = health.DisabledAt is null && at - health.FailingSince >= options.DisableAfter;
                // Once the endpoint is disabled its retries stop: when the company enables it again, "replay since" sends them.
                var last = delivery.Failures > options.RetrySchedule.Length || disabling || health.DisabledAt is not null;
                Record(delivery, result.Attempt, last ? DeliveryStatus.Failed : DeliveryStatus.Pending);
                if (!last)
                {
                    var wait = options.RetryDelay(delivery.Failures, Random.Shared);
                    if (result.RetryAfter is { } asked && asked > wait) wait = asked < LongestRetryAfter ? asked : LongestRetryAfter;
                    delivery.NextAttemptAt = at + wait;
                    outgoing.Add(new DeliverWebhook(delivery.Id, endpoint.Id).DelayedFor(wait));
                }
                if (disabling)
                {
                    health.DisabledAt = at;
                    health.DisabledReason = $"Disabled after failing since {health.FailingSince:u} without a success.";
                    foreach (var mail in await OwnersTold(session, endpoint, health, cancellationToken)) outgoing.Add(mail);
                }
            }
            recorded.Add(delivery);
        }
        DeliveryRows.Update(session, recorded);
        if (healthChanged) session.Store(health);
        return outgoing;
    }

    private async Task<Outcome[]> Attempt(WebhookEndpoint endpoint, List<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[deliveries.Count];
        var handOff = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ConcurrencyPerEndpoint, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, deliveries.Count), parallel, async (i, token) =>
        {
            var stepAside = Volatile.Read(ref handOff) == 1 ? gate.Turn(endpoint.Id) : await gate.Enter(endpoint.Id, token);
            if (stepAside is { } wait)
            {
                outcomes[i] = new(null, wait);
                return;
            }
            var started = time.GetTimestamp();
            var delivery = deliveries[i];
            SendResult? result = null;
            try
            {
                // Its turn (and a thread) may have been a moment coming: the attempt is signed and logged at the time it is made.
                if (_threads is null)
                {
                    var now = time.GetUtcNow();
                    result = await sender.SendAsync(endpoint.Url, endpoint.SigningSecrets(now), delivery.WebhookId, delivery.Payload, now, token);
                }
                else
                {
                    result = await _threads.Run(() =>
                    {
                        var now = time.GetUtcNow();
                        return sender.Send(endpoint.Url, endpoint.SigningSecrets(now), delivery.WebhookId, delivery.Payload, now, token);
                    }, token);
                }
            }
            finally
            {
                // The endpoint's pace is its own answer's time, not the wait for a thread on a busy node.
                gate.Exit(endpoint.Id, result is { } sent ? TimeSpan.FromMilliseconds(sent.Attempt.LatencyMilliseconds) : time.GetElapsedTime(started));
            }
            if (!result.Attempt.Succeeded || result.Attempt.LatencyMilliseconds >= EndpointGate.Wait.TotalMilliseconds) Volatile.Write(ref handOff, 1);
            outcomes[i] = new(result, TimeSpan.Zero);
        });
        return outcomes;
    }

    private static void Record(WebhookDelivery delivery, WebhookAttempt attempt, DeliveryStatus status)
    {
        delivery.Attempts.Add(attempt);
        delivery.Status = status;
        if (status != DeliveryStatus.Pending) delivery.NextAttemptAt = null;
    }

    private static async Task<IEnumerable<SendMail>> OwnersTold(IQuerySession session, WebhookEndpoint endpoint, WebhookEndpointHealth health,
        CancellationToken cancellationToken)
    {
        var team = await session.LoadAsync<CompanyTeam>(endpoint.CompanyId, cancellationToken);
        return (team?.Members ?? []).Where(m => m.Role is CompanyRole.Owner or CompanyRole.Admin).Select(m => new SendMail(m.Email,
            "A webhook endpoint was disabled",
            $"""
             Your webhook endpoint {endpoint.Url} has failed every delivery since {health.FailingSince:u}, so it was disabled
             and gets no more deliveries.

             Fix the receiver, then enable the endpoint again under Company → Webhooks; "Replay since" sends what it missed.
             """));
    }

    public void Dispose() => _threads?.Dispose();
}
