using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marten;

namespace Marketplace.Api.Webhooks;

/// <summary>An endpoint with how it has been answering, as its company's owners and admins see it.</summary>
public sealed record EndpointState(WebhookEndpoint Endpoint, WebhookEndpointHealth? Health);

public sealed class WebhookEndpointStatusType : EnumerationGraphType
{
    public WebhookEndpointStatusType()
    {
        Name = "WebhookEndpointStatus";
        Add("ENABLED", "ENABLED", "Receives deliveries.");
        Add("PAUSED", "PAUSED", "Turned off by the company: events while paused are not delivered.");
        Add("DISABLED", "DISABLED", "Turned off by the platform after failing for days; enable it to receive deliveries again.");
    }
}

public sealed class WebhookEndpointType : ObjectGraphType<EndpointState>
{
    public WebhookEndpointType()
    {
        Name = "WebhookEndpoint";
        Description = "Where your company's systems receive events, signed by the Standard Webhooks specification (docs/webhooks.md).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Endpoint.Id);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Endpoint.Version);
        Field<NonNullGraphType<StringGraphType>>("url").Resolve(c => c.Source.Endpoint.Url);
        Field<StringGraphType>("description").Resolve(c => c.Source.Endpoint.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes").Resolve(c => c.Source.Endpoint.EventTypes);
        Field<NonNullGraphType<WebhookEndpointStatusType>>("status").Resolve(c =>
            c.Source.Health?.DisabledAt is not null ? "DISABLED" : c.Source.Endpoint.Enabled ? "ENABLED" : "PAUSED");
        Field<StringGraphType>("disabledReason").Resolve(c => c.Source.Health?.DisabledReason);
        Field<DateTimeScalar>("failingSince").Description("The first failure since the last success; null while it answers.")
            .Resolve(c => c.Source.Health?.FailingSince);
        Field<DateTimeScalar>("lastSuccessAt").Resolve(c => c.Source.Health?.LastSuccessAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookSecretInfoType>>>>("secrets")
            .Description("The secrets that sign deliveries now, newest first (never the secrets themselves).")
            .Resolve(c => c.Source.Endpoint.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > DateTimeOffset.UtcNow));
        Field<NonNullGraphType<DateTimeScalar>>("createdAt").Resolve(c => c.Source.Endpoint.CreatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookDeliveryType>>>>("deliveries")
            .Description("The delivery log, newest first: at most `first` (100 at most), optionally only one status or those created before a time.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .Argument<WebhookDeliveryStatusType>("status")
            .Argument<DateTimeScalar>("before")
            .ResolveAsync(async c =>
            {
                var first = Math.Clamp(c.GetArgument("first", 20), 1, 100);
                var id = c.Source.Endpoint.Id;
                var query = c.Service<IQuerySession>().Query<WebhookDelivery>().Where(d => d.EndpointId == id);
                if (c.GetArgument<DeliveryStatus?>("status") is { } status) query = query.Where(d => d.Status == status);
                if (c.GetArgument<DateTimeOffset?>("before") is { } before) query = query.Where(d => d.CreatedAt < before);
                return await query.OrderByDescending(d => d.CreatedAt).Take(first).ToListAsync(c.CancellationToken);
            });
    }
}

public sealed class WebhookSecretInfoType : ObjectGraphType<WebhookSecret>
{
    public WebhookSecretInfoType()
    {
        Name = "WebhookSecretInfo";
        Field<NonNullGraphType<StringGraphType>>("ending").Description("The secret's last four characters, to tell secrets apart.")
            .Resolve(c => c.Source.Secret[^4..]);
        Field(x => x.CreatedAt);
        Field(x => x.ExpiresAt, nullable: true).Description("When a rotated-out secret stops signing; null for the current secret.");
    }
}

public sealed class WebhookDeliveryStatusType : EnumerationGraphType<DeliveryStatus>
{
    public WebhookDeliveryStatusType() => Name = "WebhookDeliveryStatus";
}

public sealed class WebhookDeliveryType : ObjectGraphType<WebhookDelivery>
{
    public WebhookDeliveryType()
    {
        Name = "WebhookDelivery";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.WebhookId).Description("The `webhook-id` header: the same on every attempt and replay, so receivers deduplicate by it.");
        Field<NonNullGraphType<IdGraphType>>("endpointId").Resolve(c => c.Source.EndpointId);
        Field(x => x.EventType);
        Field<NonNullGraphType<WebhookDeliveryStatusType>>("status").Resolve(c => c.Source.Status);
        Field(x => x.CreatedAt);
        Field(x => x.NextAttemptAt, nullable: true);
        Field(x => x.Payload).Description("The body every attempt sends.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookAttemptType>>>>("attempts").Resolve(c => c.Source.Attempts);
    }
}

public sealed class WebhookAttemptType : ObjectGraphType<WebhookAttempt>
{
    public WebhookAttemptType()
    {
        Name = "WebhookAttempt";
        Field(x => x.At);
        Field(x => x.StatusCode, nullable: true);
        Field(x => x.LatencyMilliseconds);
        Field(x => x.Response, nullable: true).Description("The first 256 bytes of the receiver's answer.");
        Field(x => x.Error, nullable: true).Description("Why no answer came: a timeout, a refused connection, a refused address, a redirect.");
        Field(x => x.Succeeded);
    }
}

public sealed class WebhookEventTypeType : ObjectGraphType<KeyValuePair<string, string>>
{
    public WebhookEventTypeType()
    {
        Name = "WebhookEventType";
        Field<NonNullGraphType<StringGraphType>>("type").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Value);
    }
}

public sealed record WebhookSecretIssued(EndpointState Endpoint, string SigningSecret);

public sealed class WebhookSecretPayloadType : ObjectGraphType<WebhookSecretIssued>
{
    public WebhookSecretPayloadType()
    {
        Name = "WebhookSecretPayload";
        Field<NonNullGraphType<WebhookEndpointType>>("endpoint").Resolve(c => c.Source.Endpoint);
        Field(x => x.SigningSecret).Description("Shown this once: store it now (whsec_…). Rotate it if it is lost.");
    }
}

public sealed class WebhookEndpointPayloadType : ObjectGraphType<EndpointState>
{
    public WebhookEndpointPayloadType()
    {
        Name = "WebhookEndpointPayload";
        Field<NonNullGraphType<WebhookEndpointType>>("endpoint").Resolve(c => c.Source);
    }
}

public sealed class WebhookDeliveryPayloadType : ObjectGraphType<WebhookDelivery>
{
    public WebhookDeliveryPayloadType()
    {
        Name = "WebhookDeliveryPayload";
        Field<NonNullGraphType<WebhookDeliveryType>>("delivery").Resolve(c => c.Source);
    }
}

public sealed class WebhookReplayPayloadType : ObjectGraphType<int>
{
    public WebhookReplayPayloadType()
    {
        Name = "WebhookReplayPayload";
        Field<NonNullGraphType<IntGraphType>>("replayed").Description("How many deliveries were sent again.").Resolve(c => c.Source);
    }
}

public sealed class WebhookDeletedPayloadType : ObjectGraphType<bool>
{
    public WebhookDeletedPayloadType()
    {
        Name = "WebhookDeletedPayload";
        Field<NonNullGraphType<BooleanGraphType>>("deleted").Resolve(c => c.Source);
    }
}

public sealed class CreateWebhookEndpointInputType : InputObjectGraphType
{
    public CreateWebhookEndpointInputType()
    {
        Name = "CreateWebhookEndpointInput";
        Field<NonNullGraphType<StringGraphType>>("url").Description("https:// (http:// only where the platform allows it); never an internal address.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes").Description("See webhookEventTypes.");
        Field<StringGraphType>("description");
        Field<BooleanGraphType>("enabled").Description("True unless given.");
    }
}

public sealed class UpdateWebhookEndpointInputType : InputObjectGraphType
{
    public UpdateWebhookEndpointInputType()
    {
        Name = "UpdateWebhookEndpointInput";
        Field<NonNullGraphType<IdGraphType>>("endpointId");
        Field<StringGraphType>("url");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes");
        Field<StringGraphType>("description");
        Field<BooleanGraphType>("enabled").Description("Enabling an endpoint the platform disabled gives it a fresh start.");
        Field<IntGraphType>("expectedVersion");
    }
}

public sealed class WebhookEndpointIdInputType : InputObjectGraphType
{
    public WebhookEndpointIdInputType()
    {
        Name = "WebhookEndpointIdInput";
        Field<NonNullGraphType<IdGraphType>>("endpointId");
    }
}

public sealed class RotateWebhookSecretInputType : InputObjectGraphType
{
    public RotateWebhookSecretInputType()
    {
        Name = "RotateWebhookSecretInput";
        Field<NonNullGraphType<IdGraphType>>("endpointId");
        Field<IntGraphType>("overlapHours").Description("How long the old secret keeps signing beside the new one: 0 to 168, 24 unless given.");
    }
}

public sealed class ReplayWebhookDeliveryInputType : InputObjectGraphType
{
    public ReplayWebhookDeliveryInputType()
    {
        Name = "ReplayWebhookDeliveryInput";
        Field<NonNullGraphType<IdGraphType>>("deliveryId");
    }
}

public sealed class ReplayWebhookDeliveriesInputType : InputObjectGraphType
{
    public ReplayWebhookDeliveriesInputType()
    {
        Name = "ReplayWebhookDeliveriesInput";
        Field<NonNullGraphType<IdGraphType>>("endpointId");
        Field<NonNullGraphType<DateTimeScalar>>("since");
        Field<BooleanGraphType>("onlyFailed").Description("Only deliveries that failed for good; false unless given.");
    }
}
