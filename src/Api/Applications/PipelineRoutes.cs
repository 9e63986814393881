using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Postings;

namespace Marketplace.Api.Applications;

/// <summary>The company's pipeline pages: a posting's board and an application as the company sees it.</summary>
public static class PipelineRoutes
{
    public static void AddPipelinePages(this IServiceCollection services)
    {
        services.AddScoped<PipelineForms>();
        services.AddScoped<BoardPage>();
        services.AddScoped<ApplicationPage>();
    }

    public static void MapPipelinePages(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{PostingWorkspace.ListPath}/{{id}}/board", (HttpContext http, string id, BoardPage page) => page.Show(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost($"{PostingWorkspace.ListPath}/{{id}}/board", (HttpContext http, string id, BoardPage page) => page.Act(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet("/company/applications/{id}", (HttpContext http, string id, ApplicationPage page) => page.Show(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost("/company/applications/{id}", (HttpContext http, string id, ApplicationPage page) => page.Act(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
    }
}
