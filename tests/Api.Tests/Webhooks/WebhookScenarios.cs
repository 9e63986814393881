using System.Text.Json;
using Marketplace.Api.Tests.Support;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>Steps of the webhook stories: an endpoint registered through GraphQL, and reading its delivery log.</summary>
public static class WebhookScenarios
{
    public const string EndpointFields = "id version url description eventTypes status disabledReason failingSince secrets { ending createdAt expiresAt }";
    public const string DeliveryFields = "id webhookId eventType status nextAttemptAt attempts { at statusCode latencyMilliseconds response error succeeded }";

    public static readonly string[] AllTypes =
    [
        "application.received", "application.stage_changed", "application.rejected", "application.withdrawn", "offer.accepted",
        "offer.declined", "posting.closed", "submission.reviewed", "invitation.answered",
    ];

    public static Task<GraphQLResponse> CreateEndpoint(this AppFixture app, string? token, object input) =>
        app.Host.GraphQL($"mutation($input: CreateWebhookEndpointInput!) {{ createWebhookEndpoint(input: $input) {{ signingSecret endpoint {{ {EndpointFields} }} }} }}",
            new { input }, token);

    /// <summary>An endpoint of the company for the receiver, which is told its secret.</summary>
    public static async Task<Guid> Endpoint(this AppFixture app, string token, WebhookReceiver receiver, string[]? types = null)
    {
        var created = (await app.CreateEndpoint(token, new { url = receiver.Url, eventTypes = types ?? AllTypes })).Data("createWebhookEndpoint");
        receiver.Secrets.Add(created.GetProperty("signingSecret").GetString()!);
        return Guid.Parse(created.GetProperty("endpoint").GetProperty("id").GetString()!);
    }

    /// <summary>A fresh endpoint of the caller's company at a public address (nothing needs to answer there).</summary>
    public static async Task<Guid> WebhookEndpointOf(this AppFixture app, string token) =>
        Guid.Parse((await app.CreateEndpoint(token, new { url = "https://hooks.example.com/fresh", eventTypes = new[] { "posting.closed" } }))
            .Data("createWebhookEndpoint.endpoint.id").GetString()!);

    public static Task<GraphQLResponse> WebhookMutation(this AppFixture app, string mutation, string inputType, string? token, object input, string selection) =>
        app.Host.GraphQL($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ {selection} }} }}", new { input }, token);

    public static async Task<JsonElement> EndpointWithLog(this AppFixture app, Guid endpoint, string token, int first = 100) =>
        (await app.Host.GraphQL($"query($id: ID!) {{ webhookEndpoint(id: $id) {{ {EndpointFields} deliveries(first: {first}) {{ {DeliveryFields} }} }} }}",
            new { id = endpoint }, token)).Data("webhookEndpoint");
}
