using System.Text.Json;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Turns committed events into deliveries. Marten's async daemon hands it the events in order, after their commit (a
/// rolled-back command never reaches it); the deliveries it stores and the messages it sends commit in one transaction
/// with the subscription's progress, through Wolverine's outbox, so an event is fanned out exactly once even across a
/// crash. Runs on one node at a time (docs/adr/0014).
/// </summary>
public sealed class WebhookFanOut : BatchSubscription
{
    public const string Name = "Webhooks";

    public WebhookFanOut() : base(Name)
    {
        foreach (var type in WebhookEvents.Sources) IncludeType(type);
        Options.BatchSize = 500;
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        var events = page.Events.Where(e => WebhookEvents.Sources.Contains(e.EventType)).ToList();
        if (events.Count == 0) return;
        // Most companies have no endpoint: a page without any endpoint to serve costs one small query. So does each page
        // of an existing store's history on the first start, which is walked rather than skipped: a start that skipped
        // to the present would, after a reset, wait for a sequence that never comes back.
        if (!await operations.Query<WebhookEndpoint>().AnyAsync(x => x.Enabled, cancellationToken)) return;
        var lookups = await WebhookEvents.Lookups.For(events, operations, cancellationToken);
        var happened = events.Select(e => WebhookEvents.From(e, lookups)).OfType<WebhookEvent>().ToList();
        if (happened.Count == 0) return;

        var companies = happened.Select(h => h.CompanyId).Distinct().ToArray();
        var endpoints = (await operations.Query<WebhookEndpoint>().Where(x => x.CompanyId.IsOneOf(companies) && x.Enabled).ToListAsync(cancellationToken))
            .ToLookup(x => x.CompanyId);
        if (endpoints.Count == 0) return;
        var disabled = (await operations.LoadManyAsync<WebhookEndpointHealth>(cancellationToken, endpoints.SelectMany(g => g.Select(x => x.Id))))
            .Where(h => h.DisabledAt is not null).Select(h => h.Id).ToHashSet();

        var now = DateTimeOffset.UtcNow;
        var deliveries = new List<WebhookDelivery>();
        foreach (var e in happened)
        {
            // Every endpoint of the company gets the same body: it is written once per event.
            string? payload = null;
            foreach (var endpoint in endpoints[e.CompanyId].Where(x => x.Wants(e.Type)))
            {
                payload ??= Body(e.Type, now, e.Data);
                deliveries.Add(new WebhookDelivery
                {
                    Id = WebhookDelivery.IdFor(endpoint.Id, e.EventId), EndpointId = endpoint.Id, CompanyId = e.CompanyId,
                    // A microsecond apart (what the column keeps), in event order: the log pages on the time, and no two may share it.
                    EventType = e.Type, Sequence = e.Sequence, CreatedAt = now.AddTicks(deliveries.Count * TimeSpan.TicksPerMicrosecond), NextAttemptAt = now,
                    Payload = payload,
                });
            }
        }
        if (deliveries.Count == 0) return;
        // A page fanned out before (a rewound subscription) keeps its deliveries and their logs.
        var existing = (await operations.LoadManyAsync<WebhookDelivery>(cancellationToken, deliveries.Select(d => d.Id))).Select(d => d.Id).ToHashSet();
        var fresh = deliveries.Where(d => !existing.Contains(d.Id)).ToList();
        foreach (var delivery in fresh)
        {
            if (disabled.Contains(delivery.EndpointId))
            {
                // Kept as failed, so that once the company enables the endpoint again, "replay since" sends what it missed.
                delivery.Status = DeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
                delivery.Attempts.Add(new WebhookAttempt(now, null, 0, null, "the endpoint is disabled", false));
            }
        }
        DeliveryRows.Insert(operations, fresh);
        foreach (var message in DeliverWebhooks.For(fresh.Where(d => d.Status == DeliveryStatus.Pending))) await bus.PublishAsync(message);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Body(string type, DateTimeOffset timestamp, object data) =>
        JsonSerializer.Serialize(new { type, timestamp, data }, Json);
}
