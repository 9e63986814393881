using Marketplace.Api.Infrastructure.Hosting;

namespace Marketplace.Api.Talent;

/// <summary>The workspace's talent page: the search (GET) and the invitation (POST, then back to the same search).</summary>
public static class TalentRoutes
{
    public static void MapTalentPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(TalentPages.Path, (HttpContext http, TalentPages pages) => pages.Show(http));
        app.MapPost(TalentPages.InvitePath, (HttpContext http, TalentPages pages) => pages.Invite(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
    }
}
