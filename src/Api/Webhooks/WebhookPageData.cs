namespace Marketplace.Api.Webhooks;

/// <summary>
/// The GraphQL documents of the webhook settings pages, the ones an API client with the webhooks scope would send, and
/// what they answer.
/// </summary>
public static class WebhookPageData
{
    /// <summary>Deliveries on one page of the log; one more is asked for, to know whether there are older ones.</summary>
    public const int LogPage = 20;

    private const string State = "id version url description eventTypes status disabledReason failingSince lastSuccessAt";

    public const string List = $"{{ me {{ company {{ name }} }} webhookEventTypes {{ type description }} webhookEndpoints {{ {State} }} }}";

    public static readonly string Endpoint = $$"""
        query($id: ID!, $status: WebhookDeliveryStatus, $before: DateTime) { me { company { name } } webhookEventTypes { type description }
          webhookEndpoint(id: $id) { {{State}} createdAt secrets { ending createdAt expiresAt }
            deliveries(first: {{LogPage + 1}}, status: $status, before: $before) { id webhookId eventType status createdAt nextAttemptAt
              attempts { at statusCode latencyMilliseconds response error succeeded } } } }
        """;

    public const string Create =
        "mutation($i: CreateWebhookEndpointInput!) { payload: createWebhookEndpoint(input: $i) { signingSecret endpoint { id } } }";

    public const string Update = "mutation($i: UpdateWebhookEndpointInput!) { payload: updateWebhookEndpoint(input: $i) { endpoint { id } } }";

    public const string Delete = "mutation($i: WebhookEndpointIdInput!) { payload: deleteWebhookEndpoint(input: $i) { deleted } }";

    public const string Rotate =
        "mutation($i: RotateWebhookSecretInput!) { payload: rotateWebhookSecret(input: $i) { signingSecret endpoint { id } } }";

    public const string SendTest = "mutation($i: WebhookEndpointIdInput!) { payload: sendTestWebhook(input: $i) { delivery { id } } }";

    public const string Replay = "mutation($i: ReplayWebhookDeliveryInput!) { payload: replayWebhookDelivery(input: $i) { delivery { id } } }";

    public const string ReplaySince = "mutation($i: ReplayWebhookDeliveriesInput!) { payload: replayWebhookDeliveries(input: $i) { replayed } }";
}

public sealed record WebhookCompany(string Name);

public sealed record WebhookMe(WebhookCompany? Company);

public sealed record EventTypeChoice(string Type, string Description);

public sealed record SecretInfo(string Ending, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record AttemptRow(DateTimeOffset At, int? StatusCode, int LatencyMilliseconds, string? Response, string? Error, bool Succeeded);

public sealed record DeliveryRow(string Id, string WebhookId, string EventType, string Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptRow> Attempts);

public sealed record EndpointRow(string Id, int Version, string Url, string? Description, IReadOnlyList<string> EventTypes, string Status,
    string? DisabledReason, DateTimeOffset? FailingSince, DateTimeOffset? LastSuccessAt, DateTimeOffset? CreatedAt = null,
    IReadOnlyList<SecretInfo>? Secrets = null, IReadOnlyList<DeliveryRow>? Deliveries = null);

public sealed record WebhookListData(WebhookMe? Me, IReadOnlyList<EventTypeChoice> WebhookEventTypes, IReadOnlyList<EndpointRow> WebhookEndpoints);

public sealed record WebhookEndpointData(WebhookMe? Me, IReadOnlyList<EventTypeChoice> WebhookEventTypes, EndpointRow? WebhookEndpoint);

public sealed record IssuedSecret(string SigningSecret, EndpointId Endpoint);

public sealed record EndpointId(string Id);
