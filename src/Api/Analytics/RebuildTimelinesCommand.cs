using JasperFx.CommandLine;
using Marten;

namespace Marketplace.Api.Analytics;

[Description("Rebuilds the ApplicationTimeline read model in bulk (ADR 0013); run it while no API process is running", Name = "rebuild-timelines")]
public sealed class RebuildTimelinesCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        // Built, not started: no projection daemon may write timelines while they are rebuilt.
        using var host = input.BuildHost();
        var result = await new TimelineBulkRebuild(host.Services.GetRequiredService<IDocumentStore>()).Run(CancellationToken.None);
        Console.WriteLine($"Rebuilt {result.Timelines:N0} application timelines from {result.Events:N0} events (up to event {result.UpTo:N0}) " +
                          $"in {result.Elapsed.TotalSeconds:N1} s: {result.Events / Math.Max(result.Elapsed.TotalSeconds, 0.001):N0} events/s.");
        return true;
    }
}
