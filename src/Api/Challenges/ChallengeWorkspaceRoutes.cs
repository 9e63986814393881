using Marketplace.Api.Infrastructure.Hosting;

namespace Marketplace.Api.Challenges;

/// <summary>The workspace's challenge pages: the list, the editor, and the submissions with their flags.</summary>
public static class ChallengeWorkspaceRoutes
{
    public static void MapChallengeWorkspace(this IEndpointRouteBuilder app)
    {
        app.MapGet(ChallengeWorkspace.Path, (HttpContext http, ChallengeWorkspace pages) => pages.List(http));
        app.MapPost(ChallengeWorkspace.Path, (HttpContext http, ChallengeWorkspace pages) => pages.Act(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet(ChallengeWorkspace.NewPath, (HttpContext http, ChallengeEditor pages) => pages.New(http));
        app.MapPost(ChallengeWorkspace.NewPath, (HttpContext http, ChallengeEditor pages) => pages.Create(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet($"{ChallengeWorkspace.Path}/{{id}}/edit", (HttpContext http, string id, ChallengeEditor pages) => pages.Edit(http, id));
        app.MapPost($"{ChallengeWorkspace.Path}/{{id}}/edit", (HttpContext http, string id, ChallengeEditor pages) => pages.Revise(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet($"{ChallengeWorkspace.Path}/{{id}}/submissions", (HttpContext http, string id, ChallengeSubmissions pages) => pages.Show(http, id));
        app.MapPost($"{ChallengeWorkspace.Path}/{{id}}/submissions", (HttpContext http, string id, ChallengeSubmissions pages) => pages.Review(http, id))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);
    }
}
