using JasperFx.Core;
using Marketplace.Api.Accounts;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Marten;
using Wolverine;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Try a delivery now: a durable message, stored with whatever created it and scheduled again after a failure. It names
/// the delivery's endpoint too, so the handler reads the delivery, the endpoint and its health in one round trip.
/// </summary>
public sealed record DeliverWebhook(Guid DeliveryId, Guid EndpointId);

/// <summary>
/// One attempt of one delivery, then its record: delivered; or failed, scheduled again on the retry schedule (the
/// receiver's Retry-After when it asks for longer), until the schedule ends; an endpoint failing for longer than
/// <see cref="WebhookOptions.DisableAfter"/> is disabled and its owners and admins get a mail.
/// </summary>
public static class DeliverWebhookHandler
{
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromDays(1);

    public static async Task<OutgoingMessages> Handle(DeliverWebhook message, IDocumentSession session, WebhookSender sender,
        EndpointGate gate, WebhookOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        // One round trip for the three: every delivery costs it, and a command can make dozens of deliveries.
        var batch = session.CreateBatchQuery();
        var loadingDelivery = batch.Load<WebhookDelivery>(message.DeliveryId);
        var loadingEndpoint = batch.Load<WebhookEndpoint>(message.EndpointId);
        var loadingHealth = batch.Load<WebhookEndpointHealth>(message.EndpointId);
        await batch.Execute(cancellationToken);
        var delivery = await loadingDelivery;
        if (delivery is not { Status: DeliveryStatus.Pending }) return outgoing;
        var endpoint = await loadingEndpoint;
        var health = await loadingHealth ?? new() { Id = delivery.EndpointId };
        var now = time.GetUtcNow();
        if (endpoint is null || !endpoint.Enabled || health.DisabledAt is not null)
        {
            var why = endpoint is null ? "the endpoint was deleted" : "the endpoint is disabled";
            Record(delivery, new WebhookAttempt(now, null, 0, null, why, false), DeliveryStatus.Failed);
            session.Store(delivery);
            return outgoing;
        }
        if (await gate.Enter(endpoint.Id, cancellationToken) is { } stepAside)
        {
            outgoing.Add(message.DelayedFor(stepAside));
            return outgoing;
        }
        // Its turn may have been a moment coming: the attempt is signed and logged at the time it is made.
        now = time.GetUtcNow();
        var started = time.GetTimestamp();
        SendResult result;
        try
        {
            result = await sender.Send(endpoint.Url, endpoint.SigningSecrets(now), delivery.WebhookId, delivery.Payload, now, cancellationToken);
        }
        finally
        {
            gate.Exit(endpoint.Id, time.GetElapsedTime(started));
        }

        if (result.Attempt.Succeeded)
        {
            Record(delivery, result.Attempt, DeliveryStatus.Delivered);
            if (health.FailingSince is not null || health.LastSuccessAt is null || now - health.LastSuccessAt > TimeSpan.FromMinutes(1))
            {
                health.FailingSince = null;
                health.LastSuccessAt = now;
                session.Store(health);
            }
        }
        else
        {
            delivery.Failures++;
            var last = delivery.Failures > options.RetrySchedule.Length;
            Record(delivery, result.Attempt, last ? DeliveryStatus.Failed : DeliveryStatus.Pending);
            if (!last)
            {
                var wait = options.RetryDelay(delivery.Failures, Random.Shared);
                if (result.RetryAfter is { } asked && asked > wait) wait = asked < LongestRetryAfter ? asked : LongestRetryAfter;
                delivery.NextAttemptAt = now + wait;
                outgoing.Add(message.DelayedFor(wait));
            }
            health.FailingSince ??= now;
            health.LastFailureAt = now;
            if (now - health.FailingSince >= options.DisableAfter)
            {
                // Its retries stop here too: once the company enables the endpoint again, "replay since" sends them.
                if (!last) outgoing.Clear();
                delivery.Status = DeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
                health.DisabledAt = now;
                health.DisabledReason = $"Disabled after failing since {health.FailingSince:u} without a success.";
                foreach (var mail in await OwnersTold(session, endpoint, health, cancellationToken)) outgoing.Add(mail);
            }
            session.Store(health);
        }
        session.Store(delivery);
        return outgoing;
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
}
