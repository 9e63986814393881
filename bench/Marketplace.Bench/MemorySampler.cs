namespace Marketplace.Bench;

/// <summary>Samples the API's resident memory every 200 ms in the background and keeps the highest value.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly ApiServer server;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    public MemorySampler(ApiServer server)
    {
        this.server = server;
        sampling = Sample();
    }

    public double MaxMegabytes { get; private set; }

    private async Task Sample()
    {
        using var timer = new PeriodicTimer(Interval);
        do MaxMegabytes = Math.Max(MaxMegabytes, server.ResidentMegabytes());
        while (await Tick(timer));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        MaxMegabytes = Math.Max(MaxMegabytes, server.ResidentMegabytes());
        stop.Dispose();
    }
}
