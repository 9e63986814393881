using Marketplace.Api.Infrastructure.Hosting;

namespace Marketplace.Api.Live;

public static class LiveSetup
{
    public static void AddMarketplaceLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveHub>();
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<LiveLimits>();
        services.AddSingleton<LiveExecution>();
        services.AddSingleton<GraphQLSse>();
        services.AddSingleton<GraphQLWs>();
        services.AddSingleton<Infrastructure.GraphQL.Http.IGraphQLWebSocket>(s => s.GetRequiredService<GraphQLWs>());
        services.AddSingleton<SubscriptionType>();
        // Every commit's notices leave after it, and every node hears every node's (docs/adr/0027).
        services.AddSingleton<Marten.IConfigureMarten, LiveNoticesRegistration>();
        services.AddHostedService<LiveSender>();
        services.AddHostedService<LiveListener>();
    }

    /// <summary>graphql-sse at /graphql/stream; graphql-ws is the WebSocket of /graphql (GraphQLEndpoint hands it over).</summary>
    public static void MapLive(this WebApplication app)
    {
        app.UseWebSockets();
        app.Map(GraphQLSse.Path, (HttpContext http, GraphQLSse sse) => sse.HandleAsync(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
    }
}
