using Marten;
using Wolverine;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Try one delivery now: a durable message, stored with whatever created it (a retry, a turn after stepping aside, the
/// replay of one delivery, a test event) and scheduled again after a failure.
/// </summary>
public sealed record DeliverWebhook(Guid DeliveryId, Guid EndpointId);

/// <summary>
/// Try one endpoint's new deliveries now, in event order: what the fan-out sends for each endpoint a page of events
/// reaches, and what a replay since a time sends. One durable message, one read and one commit for them all, where a
/// message each cost a stored envelope, a read and a transaction per delivery, more than the attempt itself
/// (docs/performance.md, round 17). A delivery that is not sent in it (it failed, or stepped aside) goes on alone as a
/// <see cref="DeliverWebhook"/>.
/// </summary>
public sealed record DeliverWebhooks(Guid EndpointId, Guid[] DeliveryIds)
{
    /// <summary>The most deliveries one message carries: a page of a busy company's events is split.</summary>
    public const int Most = 100;

    public static IEnumerable<DeliverWebhooks> For(IEnumerable<WebhookDelivery> deliveries) => deliveries
        .GroupBy(d => d.EndpointId)
        .SelectMany(endpoint => endpoint.Select(d => d.Id).Chunk(Most).Select(ids => new DeliverWebhooks(endpoint.Key, ids)));
}

public static class DeliverWebhookHandler
{
    public static Task<OutgoingMessages> Handle(DeliverWebhook message, IDocumentSession session, WebhookAttempts attempts,
        CancellationToken cancellationToken) =>
        attempts.Make(session, message.EndpointId, [message.DeliveryId], cancellationToken);

    public static Task<OutgoingMessages> Handle(DeliverWebhooks message, IDocumentSession session, WebhookAttempts attempts,
        CancellationToken cancellationToken) =>
        attempts.Make(session, message.EndpointId, message.DeliveryIds, cancellationToken);
}
