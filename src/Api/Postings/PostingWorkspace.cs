using Marketplace.Api.Infrastructure.Hosting;

namespace Marketplace.Api.Postings;

/// <summary>The Postings section of the company workspace: its addresses (PostingWorkspacePages answers them).</summary>
public static class PostingWorkspace
{
    public const string ListPath = "/company/postings";
    public const string NewPath = $"{ListPath}/new";
    public const string PreviewPath = $"{ListPath}/preview";

    public static string EditPath(string posting) => $"{ListPath}/{Uri.EscapeDataString(posting)}/edit";

    public static string LifecyclePath(string posting) => $"{ListPath}/{Uri.EscapeDataString(posting)}/lifecycle";

    /// <summary>The posting's pipeline board, a page of its own.</summary>
    public static string BoardPath(string posting) => $"{ListPath}/{Uri.EscapeDataString(posting)}/board";

    public static void AddPostingsWorkspace(this IServiceCollection services) => services.AddScoped<PostingWorkspacePages>();

    public static void MapPostingsWorkspace(this IEndpointRouteBuilder app)
    {
        app.MapGet(ListPath, (HttpContext http, PostingWorkspacePages pages) => pages.List(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet(NewPath, (HttpContext http, PostingWorkspacePages pages) => pages.NewForm(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost(NewPath, (HttpContext http, PostingWorkspacePages pages) => pages.Draft(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet($"{ListPath}/{{id}}/edit", (HttpContext http, string id, PostingWorkspacePages pages) => pages.EditForm(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost($"{ListPath}/{{id}}/edit", (HttpContext http, string id, PostingWorkspacePages pages) => pages.Revise(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost($"{ListPath}/{{id}}/lifecycle", (HttpContext http, string id, PostingWorkspacePages pages) => pages.Lifecycle(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost(PreviewPath, (HttpContext http, PostingWorkspacePages pages) => pages.Preview(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
    }
}
