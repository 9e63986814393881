using System.Security.Cryptography;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// A company's webhook endpoint: where deliveries go, which event types it wants, and the secrets that sign them.
/// Configuration, not business history, so a document rather than an event stream (docs/adr/0029); its deliveries
/// are its history.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }
    public Guid CompanyId { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }
    public List<string> EventTypes { get; set; } = [];
    /// <summary>Set by the company.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Newest first; a rotated-out secret keeps signing until its <see cref="WebhookSecret.ExpiresAt"/>.</summary>
    public List<WebhookSecret> Secrets { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public bool Wants(string eventType) => EventTypes.Contains(eventType);

    public IEnumerable<string> SigningSecrets(DateTimeOffset now) =>
        Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now).Select(s => s.Secret);
}

public sealed record WebhookSecret(string Secret, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>A Standard Webhooks secret: "whsec_" and 32 random bytes in base64.</summary>
    public static string New() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// How an endpoint has been answering, kept apart from <see cref="WebhookEndpoint"/> so that deliveries recording it
/// never overwrite a change the company made at the same time.
/// </summary>
public sealed class WebhookEndpointHealth
{
    public Guid Id { get; set; }
    /// <summary>The first failure since the last success; null while it answers.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastFailureAt { get; set; }
    /// <summary>Set when the platform disabled the endpoint for failing too long; cleared when the company enables it again.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
}
