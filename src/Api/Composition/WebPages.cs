using Marketplace.Api.Analytics;
using Marketplace.Api.Analytics.Pages;
using Marketplace.Api.Applications;
using Marketplace.Api.Candidates;
using Marketplace.Api.Challenges;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Postings;
using Marketplace.Api.Skills;
using Marketplace.Api.Submissions;
using Marketplace.Api.Talent;
using Marketplace.Api.Webhooks;

namespace Marketplace.Api.Composition;

/// <summary>The server-rendered pages: skill hubs, postings, challenges and the analysts' dashboard (docs/adr/0015).</summary>
public static class WebPages
{
    public static void AddWebPages(this IServiceCollection services)
    {
        services.AddScoped<PageQueries>();
        services.AddScoped<SkillPages>();
        services.AddScoped<PostingPages>();
        services.AddScoped<ChallengePages>();
        services.AddScoped<Dashboard>();
        services.AddScoped<DashboardDownload>();
        services.AddScoped<TeamPages>();
        services.AddScoped<SubmissionPages>();
        services.AddScoped<ApplicationPages>();
        services.AddScoped<ProfilePages>();
        services.AddPostingsWorkspace();
        services.AddScoped<ChallengeWorkspace>();
        services.AddScoped<ChallengeEditor>();
        services.AddScoped<ChallengeSubmissions>();
        services.AddScoped<TalentPages>();
        services.AddPipelinePages();
        services.AddWebhookPages();
    }

    public static void MapWebPages(this IEndpointRouteBuilder app)
    {
        app.MapPage("/skills", (http, s) => s.GetRequiredService<SkillPages>().List(http));
        app.MapPage("/skills/{slug}", (http, s) => s.GetRequiredService<SkillPages>().Hub(http, Route(http, "slug")));
        app.MapPage("/postings", (http, s) => s.GetRequiredService<PostingPages>().List(http));
        app.MapPage("/postings/{id}", (http, s) => s.GetRequiredService<PostingPages>().Show(http, Route(http, "id")));
        app.MapPage("/challenges", (http, s) => s.GetRequiredService<ChallengePages>().List(http));
        app.MapPage("/challenges/{id}", (http, s) => s.GetRequiredService<ChallengePages>().Show(http, Route(http, "id")));
        app.MapPage("/analytics", (http, s) => s.GetRequiredService<Dashboard>().Show(http));
        app.MapFunnelCsv();
        app.MapGet(DashboardDownload.Path, (HttpContext http, DashboardDownload download) => download.Start(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        // Practising: start a challenge, submit, read the feedback (Submissions/SubmissionPages.cs).
        app.MapGet("/challenges/{id}/submit", (HttpContext http, string id, SubmissionPages pages) => pages.Start(http, id));
        app.MapPost("/challenges/{id}/submit", (HttpContext http, string id, SubmissionPages pages) => pages.Submit(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet("/submissions/{id}", (HttpContext http, string id, SubmissionPages pages) => pages.Show(http, id));
        // A candidate's profile and the erasure of their data (Candidates/ProfilePages.cs).
        app.MapGet(ProfilePages.Path, (HttpContext http, ProfilePages pages) => pages.Show(http));
        app.MapPost(ProfilePages.Path, (HttpContext http, ProfilePages pages) => pages.Act(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        // Applying and following one's applications (Applications/ApplicationPages.cs).
        app.MapGet("/postings/{id}/apply", (HttpContext http, string id, ApplicationPages pages) => pages.ApplyForm(http, id));
        app.MapPost("/postings/{id}/apply", (HttpContext http, string id, ApplicationPages pages) => pages.Apply(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet(ApplicationPages.MinePath, (HttpContext http, ApplicationPages pages) => pages.Mine(http));
        app.MapPost(ApplicationPages.MinePath, (HttpContext http, ApplicationPages pages) => pages.Act(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        // The company workspace (Companies/Workspace.cs) and its sections.
        app.MapGet(Workspace.Path, (Func<HttpContext, Task<IResult>>)Workspace.Enter);
        // A posting's pipeline board and an application as the company sees it (Applications/PipelineRoutes.cs).
        app.MapPipelinePages();
        // The company's team and the invitation page: forms that post and redirect (Companies/TeamPages.cs).
        app.MapGet(TeamPages.TeamPath, (HttpContext http, TeamPages pages) => pages.Show(http));
        app.MapPost(TeamPages.TeamPath, (HttpContext http, TeamPages pages) => pages.Act(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapPost(TeamPages.RegisterPath, (HttpContext http, TeamPages pages) => pages.Register(http)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapGet("/company/join/{id}", (HttpContext http, string id, TeamPages pages) => pages.AcceptForm(http, id));
        app.MapPost("/company/join/{id}", (HttpContext http, string id, TeamPages pages) => pages.Accept(http, id)).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        // Postings: list, draft and revise with a preview, publish, close and reopen (Postings/PostingWorkspace.cs).
        app.MapPostingsWorkspace();
        // Challenges with their rubric editor and submissions (Challenges/ChallengeWorkspaceRoutes.cs); the talent pool (Talent/TalentRoutes.cs).
        app.MapChallengeWorkspace();
        app.MapTalentPages();
        // The company's webhook endpoints, their secrets and delivery logs (Webhooks/WebhookPageRoutes.cs).
        app.MapWebhookPages();
    }

    private static void MapPage(this IEndpointRouteBuilder app, string pattern, Func<HttpContext, IServiceProvider, Task<Page>> render) =>
        app.MapGet(pattern, new RequestDelegate(http => Safely(http, async h => Layout.Result(h, await render(h, h.RequestServices)))))
            .RequireRateLimiting(RequestLimits.GraphQLPolicy);

    private static string Route(HttpContext http, string name) => http.GetRouteValue(name) as string ?? "";

    /// <summary>Whatever fails is logged and shown as a plain error page: no exception detail reaches the browser.</summary>
    private static async Task Safely(HttpContext http, Func<HttpContext, Task<IResult>> respond)
    {
        IResult result;
        try
        {
            result = await respond(http);
        }
        catch (PageQueryFailed e) when (e.Code is "UNAVAILABLE" or "TIMEOUT")
        {
            result = Layout.Result(http, Layout.Unavailable());
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            http.RequestServices.GetRequiredService<ILogger<Page>>().LogError(e, "Rendering {Path} failed", http.Request.Path);
            result = Layout.Result(http, Layout.Failed());
        }
        await result.ExecuteAsync(http);
    }
}
