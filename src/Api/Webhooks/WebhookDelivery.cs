using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Api.Webhooks;

public enum DeliveryStatus { Pending, Delivered, Failed }

/// <summary>
/// One event for one endpoint, with every attempt to deliver it. Its id, and so its <c>webhook-id</c>, derives from the
/// endpoint and the stored event, so whatever sends it again (a retry, a replay, a recovered node) sends the same id.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    public Guid CompanyId { get; set; }
    public string EventType { get; set; } = "";
    /// <summary>The event store's global sequence of the event; 0 for a test event.</summary>
    public long Sequence { get; set; }
    /// <summary>The exact body every attempt sends: {"type", "timestamp", "data"}.</summary>
    public string Payload { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Failed attempts since the delivery was created or last replayed; the retry schedule counts these.</summary>
    public int Failures { get; set; }
    public List<WebhookAttempt> Attempts { get; set; } = [];

    public string WebhookId => $"msg_{Id:N}";

    public static Guid IdFor(Guid endpointId, Guid eventId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"webhook:{endpointId:N}:{eventId:N}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}

/// <summary>One attempt: when, what came back (status, the first bytes of the body) or what went wrong, how long it took.</summary>
public sealed record WebhookAttempt(
    DateTimeOffset At, int? StatusCode, int LatencyMilliseconds, string? Response, string? Error, bool Succeeded);
