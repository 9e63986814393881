using Marketplace.Api.Infrastructure.Hosting;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// The Webhooks section of the company workspace: the endpoints with the form that adds one, and each endpoint's page
/// with its settings, its secret, its delivery log and replays. Pages show; forms post, then redirect.
/// </summary>
public static class WebhookPageRoutes
{
    public const string ListPath = "/company/webhooks";

    public static string EndpointPath(string endpoint) => $"{ListPath}/{Uri.EscapeDataString(endpoint)}";

    public static string DeletePath(string endpoint) => $"{EndpointPath(endpoint)}/delete";

    public static void AddWebhookPages(this IServiceCollection services)
    {
        services.AddScoped<WebhookNotices>();
        services.AddScoped<WebhookListPage>();
        services.AddScoped<WebhookEndpointPage>();
    }

    public static void MapWebhookPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(ListPath, (HttpContext http, WebhookListPage page) => page.Show(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost(ListPath, (HttpContext http, WebhookListPage page) => page.Add(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet($"{ListPath}/{{id}}", (HttpContext http, string id, WebhookEndpointPage page) => page.Show(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost($"{ListPath}/{{id}}", (HttpContext http, string id, WebhookEndpointPage page) => page.Act(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet($"{ListPath}/{{id}}/delete", (HttpContext http, string id, WebhookEndpointPage page) => page.ConfirmDelete(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
    }
}
