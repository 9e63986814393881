using Marketplace.Api.Infrastructure.Hosting;
using Marten;
using Wolverine;
using Wolverine.Marten;
using NodeRole = Marketplace.Api.Infrastructure.Hosting.NodeRole;

namespace Marketplace.Api.Webhooks;

public static class WebhooksSetup
{
    public const string Queue = "webhooks";

    public static void AddMarketplaceWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Options(configuration);
        services.AddSingleton(options);
        services.AddSingleton<IWebhookResolver, DnsResolver>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<EndpointGate>();
        services.AddSingleton<WebhookAttempts>();
        services.AddScoped<WebhookEndpoints>();
        // A node of its own may take the fan-out, and with it the attempts, away from the nodes that answer (docs/adr/0040).
        var role = NodeRoles.Of(configuration);
        if (role.RunsTheFanOut()) services.SubscribeToEvents(new WebhookFanOut());
        if (role == NodeRole.Deliveries) services.AddHostedService<WebhookFanOutNode>();
        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<WebhookEndpoint>().Duplicate(x => x.CompanyId, notNull: true);
            // The delivery log reads an endpoint's deliveries newest first, and replay those since a time: one index for
            // both, and none per column, since every delivery is written twice (made, then attempted) and nothing reads
            // the columns alone (docs/performance.md, round 28).
            opts.Columns<WebhookDelivery>(nameof(WebhookDelivery.EndpointId), nameof(WebhookDelivery.CreatedAt));
            opts.Schema.For<WebhookDelivery>()
                .Index(x => new { x.EndpointId, x.CreatedAt }, index => index.Name = "ix_webhookdelivery_endpoint_created");
            opts.Schema.For<WebhookEndpointHealth>();
        });
    }

    /// <summary>
    /// Deliveries wait in a local durable queue of their own on whichever node has them (the message store in PostgreSQL),
    /// with or without a broker: an HTTP call to a company's server is no work for RabbitMQ to balance.
    /// </summary>
    public static void UseMarketplaceWebhooks(this WolverineOptions opts, IConfiguration configuration)
    {
        opts.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue).MaximumParallelMessages(Options(configuration).Parallelism);
        opts.PublishMessage<DeliverWebhooks>().ToLocalQueue(Queue);
    }

    public static WebhookOptions Options(IConfiguration configuration)
    {
        var options = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new();
        // A node of deliveries has no requests to give way to: unless told otherwise, its attempts await their sockets
        // on the thread pool instead of handing each to a thread of a lower priority (docs/adr/0040).
        if (NodeRoles.Of(configuration) == NodeRole.Deliveries && configuration[$"{WebhookOptions.Section}:{nameof(WebhookOptions.Nice)}"] is null)
            options.Nice = 0;
        return options;
    }
}
