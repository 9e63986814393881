using JasperFx.Events.Daemon;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marketplace.Projections.Analytics;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// A rebuild empties the shared host's timeline table and stops its agent for a while: any test reading timelines at
/// the same time would see them missing. It runs on its own, after the parallel classes.
/// </summary>
[CollectionDefinition(nameof(ProjectionRebuildCollection), DisableParallelization = true)]
public sealed class ProjectionRebuildCollection;

[Collection(nameof(ProjectionRebuildCollection))]
public class timeline_projection_rebuild(AppFixture app)
{
    [Fact]
    public async Task a_rebuilt_projection_gives_the_same_answer_as_the_live_one()
    {
        var history = new GoldenHistory();
        await history.Write(app.Store);
        await app.ReadModelsCaughtUp();
        var filter = hiring_funnel.Filter(history, groupBy: "POSTING");
        var live = (await app.Host.GraphQL(hiring_funnel.Query, new { filter }, app.Token(Roles.Analyst))).Body;

        var daemon = app.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        try
        {
            await daemon.RebuildProjectionAsync<ApplicationTimelineProjection>(TimeSpan.FromSeconds(60), CancellationToken.None);
        }
        finally
        {
            // A rebuild leaves the projection's agent stopped; the live application resumes it.
            await daemon.StartAgentAsync("ApplicationTimeline:All", CancellationToken.None);
        }

        (await app.Host.GraphQL(hiring_funnel.Query, new { filter }, app.Token(Roles.Analyst))).Body.ShouldBe(live);
    }
}
