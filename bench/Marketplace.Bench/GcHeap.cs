using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Marketplace.Bench;

/// <summary>
/// The API's managed heap after a full, blocking collection, read through the runtime's diagnostics port (the way
/// dotnet-gcdump asks for one): an EventPipe session with the GC heap-collect keyword makes the runtime collect, and
/// its GCHeapStats event says what every generation holds afterwards. Unlike the resident memory, it leaves out the
/// garbage not yet collected and the memory the collector keeps committed for later, so it says what live objects
/// take. It collects once per call: call it while the process is idle, not during a timed load.
/// </summary>
public static class GcHeap
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Megabytes (MiB) of live managed objects after an induced full collection; null if the port does not answer.</summary>
    public static async Task<double?> AfterFullCollection(int processId, CancellationToken cancellation)
    {
        try
        {
            return await Task.Run(() => Collect(processId), cancellation).WaitAsync(Timeout, cancellation);
        }
        catch (Exception e) when (e is TimeoutException or ServerNotAvailableException or UnsupportedCommandException or EndOfStreamException or IOException)
        {
            Log.Detail($"managed heap not read: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static double? Collect(int processId)
    {
        var client = new DiagnosticsClient(processId);
        EventPipeProvider[] providers =
            [new(ClrTraceEventParser.ProviderName, System.Diagnostics.Tracing.EventLevel.Informational, GcKeyword | GcHeapCollectKeyword)];
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        double? megabytes = null;
        // The induced collection, or a full one the process happened to start first: either leaves only the live objects.
        var full = false;
        source.Clr.GCStart += e => full |= e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (!full || megabytes is not null) return;
            var bytes = e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
            megabytes = bytes / 1024.0 / 1024.0;
            session.Stop();
        };
        source.Process();
        return megabytes;
    }
}
