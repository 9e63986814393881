using System.Diagnostics;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>Drives /graphql with many clients. Failed requests go to the report under the run's name.</summary>
public sealed class Load(GraphQLClient client, Report report, CancellationToken cancellation)
{
    /// <summary>
    /// Closed loop: each client sends its next request as soon as the previous one is answered. Requests answered
    /// within the measured window count; the warm-up before it does not.
    /// </summary>
    public async Task<LoadResult> ClosedLoop(string name, int clients, Window window, Func<GraphQLRequest?> next)
    {
        Log.Detail(name);
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Client(name, window, next))));
        return new LoadResult([.. perClient.SelectMany(latencies => latencies)], window.Seconds);
    }

    private async Task<List<long>> Client(string name, Window window, Func<GraphQLRequest?> next)
    {
        var latencies = new List<long>();
        while (!window.IsOver(Stopwatch.GetTimestamp()))
        {
            if (next() is not { } request)
            {
                report.Fail(name, "ran out of fresh requests");
                break;
            }
            var sent = Stopwatch.GetTimestamp();
            var problem = await client.Send(request, cancellation);
            var answered = Stopwatch.GetTimestamp();
            if (problem is not null) report.Fail(name, problem);
            else if (window.Counts(answered)) latencies.Add(answered - sent);
        }
        return latencies;
    }

    /// <summary>
    /// Open loop: requests leave on a fixed schedule whatever the server does, and each latency is measured from
    /// the moment the request was due, so a slow server cannot hide its queue by slowing the client down. Given
    /// <paramref name="answered"/>, each answer's data goes to it with the request's index and when it was due.
    /// </summary>
    public async Task<OpenLoopResult> OpenLoop(string name, double perSecond, TimeSpan duration, Func<GraphQLRequest?> next,
        Action<int, long, JsonElement>? answered = null)
    {
        Log.Detail($"{name} at {perSecond:N0}/s");
        var count = (int)(perSecond * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / perSecond;
        var latencies = new long[count];
        var inFlight = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            await SleepUntil(due);
            if (next() is not { } request)
            {
                report.Fail(name, "ran out of fresh requests");
                break;
            }
            inFlight.Add(Scheduled(name, request, due, latencies, i, answered));
        }
        await Task.WhenAll(inFlight);
        return new OpenLoopResult(latencies, perSecond, duration.TotalSeconds);
    }

    private async Task Scheduled(string name, GraphQLRequest request, long due, long[] latencies, int index,
        Action<int, long, JsonElement>? answered)
    {
        var (data, problem) = answered is null ? (default, await client.Send(request, cancellation)) : await client.TryData(request, cancellation);
        if (problem is not null)
        {
            report.Fail(name, problem);
            return;
        }
        latencies[index] = Stopwatch.GetTimestamp() - due;
        answered?.Invoke(index, due, data);
    }

    /// <summary>Timers fire late, never early: a request leaves at most about a millisecond after it is due.</summary>
    private async Task SleepUntil(long due)
    {
        var remaining = due - Stopwatch.GetTimestamp();
        if (remaining > 0) await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellation);
    }
}
