using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>A benchmark itself went wrong (wrong counts, a process that would not start): the run is not valid.</summary>
public sealed class BenchFailure(string message) : Exception(message);

/// <summary>A warm-up followed by the measured window, in Stopwatch ticks.</summary>
public readonly record struct Window(long MeasureFrom, long MeasureUntil)
{
    public static Window StartingNow(TimeSpan warmUp, TimeSpan duration)
    {
        var from = Stopwatch.GetTimestamp() + Ticks(warmUp);
        return new Window(from, from + Ticks(duration));
    }

    public bool Counts(long timestamp) => timestamp >= MeasureFrom && timestamp < MeasureUntil;
    public bool IsOver(long timestamp) => timestamp >= MeasureUntil;
    public double Seconds => (MeasureUntil - MeasureFrom) / (double)Stopwatch.Frequency;

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

/// <summary>Latencies in Stopwatch ticks, summarized in milliseconds.</summary>
public class Latencies(IEnumerable<long> ticks)
{
    private readonly long[] sorted = [.. ticks.Order()];

    public int Count => sorted.Length;

    /// <summary>Nearest-rank percentile.</summary>
    public double PercentileMs(double percentile) =>
        sorted.Length == 0 ? double.NaN : Ms(sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)]);

    public double MeanMs => sorted.Length == 0 ? double.NaN : Ms((long)sorted.Average());

    public string Percentiles() => $"{PercentileMs(50):N1} / {PercentileMs(95):N1} / {PercentileMs(99):N1} ms";

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>The successful requests of one load run: their latencies and how many there were per second.</summary>
public class LoadResult(IReadOnlyList<long> latencies, double seconds) : Latencies(latencies)
{
    public double Seconds => seconds;

    public Measure Throughput() => new(Count / seconds, "ok/s");
}

/// <summary>
/// An open loop's answered requests, with the second of the schedule each was due in: whether the slow ones are spread
/// over the run (queueing) or bunched in a few seconds (stalls).
/// </summary>
public sealed class OpenLoopResult(long[] bySchedule, double perSecond, double duration)
    : LoadResult([.. bySchedule.Where(l => l > 0)], duration)
{
    /// <summary>The requests due after the first <paramref name="warmUp"/> of the schedule.</summary>
    public OpenLoopResult After(TimeSpan warmUp)
    {
        var skipped = Math.Min(bySchedule.Length, (int)(perSecond * warmUp.TotalSeconds));
        return new OpenLoopResult(bySchedule[skipped..], perSecond, Seconds - warmUp.TotalSeconds);
    }

    /// <summary>"31 requests over 25 ms, due in 4 of 15 seconds; 27 in the worst second (second 3: 27, 9: 2, …)".</summary>
    public string SlowerThan(double ms)
    {
        var perSecondSlow = SlowBySecond(ms);
        var worst = perSecondSlow.Take(5).Select(s => $"{s.Second}: {s.Count}");
        return $"{perSecondSlow.Sum(s => s.Count)} requests over {ms:0} ms, due in {perSecondSlow.Count} of {Math.Ceiling(bySchedule.Length / perSecond):0} seconds" +
               (perSecondSlow.Count == 0 ? "" : $"; {perSecondSlow.Max(s => s.Count)} in the worst second (second {string.Join(", ", worst)})");
    }

    /// <summary>The seconds of the schedule with the most requests over <paramref name="ms"/>, the worst first.</summary>
    public IEnumerable<int> WorstSeconds(double ms, int count) => SlowBySecond(ms).Take(count).Select(s => s.Second);

    private List<(int Second, int Count)> SlowBySecond(double ms)
    {
        var limit = (long)(ms / 1000 * System.Diagnostics.Stopwatch.Frequency);
        return [.. bySchedule.Select((latency, i) => (Second: (int)(i / perSecond), Slow: latency > limit))
            .Where(r => r.Slow).GroupBy(r => r.Second).Select(g => (Second: g.Key, Count: g.Count()))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Second)];
    }
}

/// <summary>How much CPU the bench itself used over a stretch of wall time: on a small machine the client competes with the server.</summary>
public sealed class HarnessCpu
{
    private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long started = Stopwatch.GetTimestamp();

    public static HarnessCpu Start() => new();

    public string Share()
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return $"{used / Stopwatch.GetElapsedTime(started) * 100:N0} % of one core ({Environment.ProcessorCount} cores)";
    }
}

/// <summary>
/// The bench's own JIT: it shares the cores with what it times, so what it compiles during a timed start is logged
/// (round 27 found it compiling on 0.35 of a core during the API's start; waiting for it to go quiet first gained nothing).
/// </summary>
public static class HarnessJit
{
    public readonly record struct Reading(long Methods, TimeSpan Time)
    {
        public static Reading Now() => new(System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

        public string Since(Reading before) => $"{Methods - before.Methods:N0} methods in {(Time - before.Time).TotalMilliseconds:N0} ms";
    }
}
