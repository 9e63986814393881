using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Companies;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Webhook endpoints through GraphQL, for a company's owners and admins and its machine clients with the "webhooks"
/// scope. Endpoints are configuration documents, not event streams (docs/adr/0029), so these skip the command pipeline.
/// </summary>
public static class WebhookOperations
{
    public static void AddWebhookQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEventTypeType>>>>("webhookEventTypes")
            .Description("The event types an endpoint can receive (docs/webhooks.md shows each payload).")
            .Resolve(_ => WebhookEvents.Types);

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEndpointType>>>>("webhookEndpoints")
            .Description("Your company's webhook endpoints, oldest first (owners, admins, clients with the webhooks scope).")
            .ResolveAsync(async c => await c.Service<WebhookEndpoints>().Of(Manager(c), c.CancellationToken));

        query.Field<WebhookEndpointType>("webhookEndpoint")
            .Description("One of your company's webhook endpoints with its delivery log; otherwise null.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => Ids.TryParse(c.GetArgument<string>("id")) is { } id &&
                                     c.Actor().CompanyFor(CompanyCapabilities.Webhooks) is { } company
                ? await c.Service<WebhookEndpoints>().Find(company, id, c.CancellationToken)
                : null);
    }

    public static void AddWebhookMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WebhookSecretPayloadType>>("createWebhookEndpoint")
            .Description("Registers an endpoint; its signing secret is in the answer and nowhere else.")
            .Argument<NonNullGraphType<CreateWebhookEndpointInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = Manager(c);
                var input = Input(c);
                return await c.Service<WebhookEndpoints>().Create(company, (string)input["url"]!, Strings(input, "eventTypes") ?? [],
                    input.GetValueOrDefault("description") as string, input.GetValueOrDefault("enabled") as bool? ?? true, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookEndpointPayloadType>>("updateWebhookEndpoint")
            .Description("Changes an endpoint's URL, event types, description, or turns it off and on.")
            .Argument<NonNullGraphType<UpdateWebhookEndpointInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = Manager(c);
                var input = Input(c);
                return await c.Service<WebhookEndpoints>().Update(company, Endpoint(input), input.GetValueOrDefault("expectedVersion") as int?,
                    input.GetValueOrDefault("url") as string, Strings(input, "eventTypes"), input.GetValueOrDefault("description") as string,
                    input.GetValueOrDefault("enabled") as bool?, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookDeletedPayloadType>>("deleteWebhookEndpoint")
            .Description("Deletes an endpoint; its deliveries not yet made are dropped.")
            .Argument<NonNullGraphType<WebhookEndpointIdInputType>>("input")
            .ResolveAsync(async c =>
            {
                await c.Service<WebhookEndpoints>().Delete(Manager(c), Endpoint(Input(c)), c.CancellationToken);
                return true;
            });

        mutation.Field<NonNullGraphType<WebhookSecretPayloadType>>("rotateWebhookSecret")
            .Description("A new signing secret; the old one keeps signing beside it for the overlap, so receivers can switch without missing a delivery.")
            .Argument<NonNullGraphType<RotateWebhookSecretInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = Manager(c);
                var input = Input(c);
                return await c.Service<WebhookEndpoints>().Rotate(company, Endpoint(input), input.GetValueOrDefault("overlapHours") as int?, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookDeliveryPayloadType>>("sendTestWebhook")
            .Description("Sends a webhook.test event to the endpoint now; its delivery shows in the log.")
            .Argument<NonNullGraphType<WebhookEndpointIdInputType>>("input")
            .ResolveAsync(async c => await c.Service<WebhookEndpoints>().SendTest(Manager(c), Endpoint(Input(c)), c.CancellationToken));

        mutation.Field<NonNullGraphType<WebhookDeliveryPayloadType>>("replayWebhookDelivery")
            .Description("Sends one delivery again, with the same webhook-id.")
            .Argument<NonNullGraphType<ReplayWebhookDeliveryInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = Manager(c);
                var id = Ids.Parse("deliveryId", Input(c)["deliveryId"]?.ToString());
                return await c.Service<WebhookEndpoints>().Replay(company, id, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookReplayPayloadType>>("replayWebhookDeliveries")
            .Description($"Sends again every delivery to the endpoint since a time (at most {WebhookEndpoints.MaxReplay}), each with its webhook-id.")
            .Argument<NonNullGraphType<ReplayWebhookDeliveriesInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = Manager(c);
                var input = Input(c);
                return await c.Service<WebhookEndpoints>().ReplaySince(company, Endpoint(input), (DateTimeOffset)input["since"]!,
                    input.GetValueOrDefault("onlyFailed") as bool? ?? false, c.CancellationToken);
            });
    }

    private static Guid Manager(IResolveFieldContext c) => c.Actor().RequireCompanyMember(CompanyCapabilities.Webhooks);

    private static Dictionary<string, object?> Input(IResolveFieldContext c) => c.GetArgument<Dictionary<string, object?>>("input");

    private static Guid Endpoint(Dictionary<string, object?> input) => Ids.Parse("endpointId", input["endpointId"]?.ToString());

    private static List<string>? Strings(Dictionary<string, object?> input, string name) =>
        input.GetValueOrDefault(name) is IEnumerable<object?> values ? [.. values.Select(v => v?.ToString() ?? "")] : null;
}
