using System.Net;
using Marketplace.Domain.Common;
using Marten;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// A company's endpoints: registering, changing, rotating secrets, the test event and replays. Writes that send a
/// delivery commit it with the delivery through Wolverine's outbox, like every other message.
/// </summary>
public sealed class WebhookEndpoints(IDocumentSession session, IWolverineRuntime runtime, WebhookOptions options, TimeProvider time)
{
    public const int MaxReplay = 10_000;

    public async Task<IReadOnlyList<EndpointState>> Of(Guid companyId, CancellationToken cancellationToken)
    {
        var endpoints = await session.Query<WebhookEndpoint>().Where(x => x.CompanyId == companyId).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken);
        var health = (await session.LoadManyAsync<WebhookEndpointHealth>(cancellationToken, endpoints.Select(e => e.Id))).ToDictionary(h => h.Id);
        return [.. endpoints.Select(e => new EndpointState(e, health.GetValueOrDefault(e.Id)))];
    }

    /// <summary>The company's endpoint, or null: another company's answers as absent.</summary>
    public async Task<EndpointState?> Find(Guid companyId, Guid endpointId, CancellationToken cancellationToken) =>
        await session.LoadAsync<WebhookEndpoint>(endpointId, cancellationToken) is { } endpoint && endpoint.CompanyId == companyId
            ? new EndpointState(endpoint, await session.LoadAsync<WebhookEndpointHealth>(endpointId, cancellationToken))
            : null;

    public async Task<WebhookSecretIssued> Create(Guid companyId, string url, IReadOnlyList<string> eventTypes, string? description, bool enabled,
        CancellationToken cancellationToken)
    {
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(), CompanyId = companyId, Url = ValidUrl(url), EventTypes = ValidTypes(eventTypes),
            Description = ValidDescription(description), Enabled = enabled, CreatedAt = time.GetUtcNow(), Version = 1,
        };
        var count = await session.Query<WebhookEndpoint>().CountAsync(x => x.CompanyId == companyId, cancellationToken);
        if (count >= options.EndpointsPerCompany)
            throw new RuleViolation($"A company has at most {options.EndpointsPerCompany} webhook endpoints; delete one first.");
        var secret = WebhookSecret.New();
        endpoint.Secrets.Add(new WebhookSecret(secret, endpoint.CreatedAt, null));
        session.Insert(endpoint);
        await session.SaveChangesAsync(cancellationToken);
        return new WebhookSecretIssued(new EndpointState(endpoint, null), secret);
    }

    public async Task<EndpointState> Update(Guid companyId, Guid endpointId, int? expectedVersion, string? url, IReadOnlyList<string>? eventTypes,
        string? description, bool? enabled, CancellationToken cancellationToken)
    {
        var (endpoint, health) = await Require(companyId, endpointId, cancellationToken);
        if (expectedVersion is { } expected && expected != endpoint.Version) throw new Conflict(endpoint.Version);
        if (url is not null) endpoint.Url = ValidUrl(url);
        if (eventTypes is not null) endpoint.EventTypes = ValidTypes(eventTypes);
        if (description is not null) endpoint.Description = ValidDescription(description);
        if (enabled is { } on)
        {
            endpoint.Enabled = on;
            if (on && health?.DisabledAt is not null)
            {
                health = new WebhookEndpointHealth { Id = endpoint.Id, LastSuccessAt = health.LastSuccessAt };
                session.Store(health);
            }
        }
        endpoint.Version++;
        session.Store(endpoint);
        await session.SaveChangesAsync(cancellationToken);
        return new EndpointState(endpoint, health);
    }

    public async Task Delete(Guid companyId, Guid endpointId, CancellationToken cancellationToken)
    {
        var (endpoint, _) = await Require(companyId, endpointId, cancellationToken);
        session.Delete(endpoint);
        session.Delete<WebhookEndpointHealth>(endpoint.Id);
        await session.SaveChangesAsync(cancellationToken);
    }

    public async Task<WebhookSecretIssued> Rotate(Guid companyId, Guid endpointId, int? overlapHours, CancellationToken cancellationToken)
    {
        if (overlapHours is < 0 or > 168) throw new ValidationFailed("overlapHours", "Give an overlap from 0 to 168 hours.");
        var (endpoint, health) = await Require(companyId, endpointId, cancellationToken);
        var now = time.GetUtcNow();
        var overlapEnds = now + (overlapHours is { } hours ? TimeSpan.FromHours(hours) : options.SecretOverlap);
        var secret = WebhookSecret.New();
        endpoint.Secrets =
        [
            new WebhookSecret(secret, now, null),
            .. endpoint.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now)
                .Select(s => s with { ExpiresAt = s.ExpiresAt is { } ends && ends < overlapEnds ? ends : overlapEnds })
                .Where(s => s.ExpiresAt > now)
                // Two rotations in a row keep the two secrets before: a receiver is never more than two steps behind.
                .Take(2),
        ];
        endpoint.Version++;
        session.Store(endpoint);
        await session.SaveChangesAsync(cancellationToken);
        return new WebhookSecretIssued(new EndpointState(endpoint, health), secret);
    }

    /// <summary>A <c>webhook.test</c> delivery, sent now whatever the endpoint's event types.</summary>
    public async Task<WebhookDelivery> SendTest(Guid companyId, Guid endpointId, CancellationToken cancellationToken)
    {
        var (endpoint, _) = await Require(companyId, endpointId, cancellationToken);
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Id = Guid.CreateVersion7(), EndpointId = endpoint.Id, CompanyId = companyId, EventType = WebhookEvents.Test,
            CreatedAt = now, NextAttemptAt = now,
            Payload = WebhookFanOut.Body(WebhookEvents.Test, now, new { endpointId = endpoint.Id, message = "A test event from Marketplace." }),
        };
        session.Store(delivery);
        await Send(delivery, cancellationToken);
        return delivery;
    }

    /// <summary>Sends a delivery again, with the same <c>webhook-id</c> and body, and a fresh retry schedule.</summary>
    public async Task<WebhookDelivery> Replay(Guid companyId, Guid deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(deliveryId, cancellationToken);
        if (delivery is null || delivery.CompanyId != companyId) throw new NotFound("Webhook delivery", deliveryId);
        await Require(companyId, delivery.EndpointId, cancellationToken);
        Restart(delivery);
        await Send(delivery, cancellationToken);
        return delivery;
    }

    public async Task<int> ReplaySince(Guid companyId, Guid endpointId, DateTimeOffset since, bool onlyFailed, CancellationToken cancellationToken)
    {
        if (since > time.GetUtcNow()) throw new ValidationFailed("since", "Give a time in the past.");
        var (endpoint, _) = await Require(companyId, endpointId, cancellationToken);
        var query = session.Query<WebhookDelivery>().Where(d => d.EndpointId == endpoint.Id && d.CreatedAt >= since);
        if (onlyFailed) query = query.Where(d => d.Status == DeliveryStatus.Failed);
        var deliveries = await query.OrderBy(d => d.CreatedAt).Take(MaxReplay + 1).ToListAsync(cancellationToken);
        if (deliveries.Count > MaxReplay)
            throw new ValidationFailed("since", $"More than {MaxReplay} deliveries since then; give a later time and replay in steps.");
        var outbox = new MartenOutbox(runtime, session);
        foreach (var delivery in deliveries)
        {
            Restart(delivery);
            session.Store(delivery);
        }
        foreach (var message in DeliverWebhooks.For(deliveries)) await outbox.PublishAsync(message);
        await session.SaveChangesAsync(cancellationToken);
        return deliveries.Count;
    }

    private void Restart(WebhookDelivery delivery)
    {
        delivery.Status = DeliveryStatus.Pending;
        delivery.Failures = 0;
        delivery.NextAttemptAt = time.GetUtcNow();
    }

    private async Task Send(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        session.Store(delivery);
        var outbox = new MartenOutbox(runtime, session);
        await outbox.PublishAsync(new DeliverWebhook(delivery.Id, delivery.EndpointId));
        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task<(WebhookEndpoint, WebhookEndpointHealth?)> Require(Guid companyId, Guid endpointId, CancellationToken cancellationToken) =>
        await Find(companyId, endpointId, cancellationToken) is { } state
            ? (state.Endpoint, state.Health)
            : throw new NotFound("Webhook endpoint", endpointId);

    private string ValidUrl(string url)
    {
        url = url.Trim();
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new ValidationFailed("url", "Give an absolute URL such as https://ats.example.com/hooks/marketplace.");
        if (uri.Scheme != Uri.UriSchemeHttps && !(options.AllowHttp && uri.Scheme == Uri.UriSchemeHttp))
            throw new ValidationFailed("url", options.AllowHttp ? "Give an http:// or https:// URL." : "Give an https:// URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new ValidationFailed("url", "A URL with a user name or password is not accepted; authenticate the deliveries by their signature.");
        // What the URL names without asking DNS: an address, or a name that always means loopback. Any other name is
        // checked when a delivery connects (WebhookSender).
        var known = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? address
            : uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
                ? IPAddress.Loopback
                : null;
        if (known is not null && AddressGuard.From(options).Refusal(known) is { } refusal)
            throw new ValidationFailed("url", $"Deliveries cannot go to {refusal}.");
        return uri.ToString();
    }

    private static List<string> ValidTypes(IReadOnlyList<string> eventTypes)
    {
        if (eventTypes.Count == 0) throw new ValidationFailed("eventTypes", "Pick at least one event type.");
        if (eventTypes.FirstOrDefault(t => !WebhookEvents.Types.ContainsKey(t)) is { } unknown)
            throw new ValidationFailed("eventTypes", $"'{unknown}' is not an event type; they are {string.Join(", ", WebhookEvents.Types.Keys)}.");
        return [.. eventTypes.Distinct()];
    }

    private static string? ValidDescription(string? description) =>
        description is { Length: > 200 } ? throw new ValidationFailed("description", "Keep the description to 200 characters.")
        : string.IsNullOrWhiteSpace(description) ? null : description.Trim();
}
