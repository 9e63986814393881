using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>
/// A warm-up that lasts until the JIT has gone quiet: a closed loop of 8 clients, 2 s at a time, until the server's tiered
/// JIT (the CPU of its ".NET Tiered Com…" threads) and the bench's each took under a twentieth of a core, or 30 s. A
/// fixed warm-up of seconds left the API's JIT on a sixth of the machine in the first measured window (its ReadyToRun
/// code is recompiled for a minute or more, ADR 0038), and the bench's as much when new code of its own first ran
/// (docs/performance.md, round 29).
/// </summary>
public static class JitQuiet
{
    private const double Quiet = 0.05;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <param name="refill">Makes sure <paramref name="next"/> has requests for another step of the given length.</param>
    public static async Task Wait(ServerCpu cpu, Load load, string name, Func<GraphQLRequest?> next, Func<TimeSpan, Task> refill)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var (server, harness) = (cpu.Jit(), HarnessJit.Reading.Now());
            var started = Stopwatch.GetTimestamp();
            await refill(Step);
            await load.ClosedLoop(name, 8, Window.StartingNow(TimeSpan.Zero, Step), next);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (serverShare, harnessShare) = ((cpu.Jit() - server).TotalSeconds / seconds, (HarnessJit.Reading.Now().Time - harness.Time).TotalSeconds / seconds);
            if ((serverShare < Quiet && harnessShare < Quiet) || waiting.Elapsed > Longest)
            {
                Log.Detail($"the JIT after {waiting.Elapsed.TotalSeconds:N0} s of {name}: the server's on {serverShare:P0} of a core, the bench's on {harnessShare:P0}");
                return;
            }
        }
    }
}
