using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// CPU time the API process and the PostgreSQL cluster spend, read from /proc: divided by the commands answered in
/// the same stretch it says what one command costs, a figure that holds up better than throughput on a machine whose
/// cores are shared (other processes slow the work down, they do not add to it).
/// </summary>
public sealed class ServerCpu(int apiProcessId, int postmasterId, int deliveriesProcessId = 0)
{
    public const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Watches the given process (the API, or the bench itself) and the cluster that serves the database.</summary>
    public static async Task<ServerCpu> For(int processId, NpgsqlDataSource database, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand("select pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync(cancellation))!;
        return new ServerCpu(processId, Stat(backend)?.Parent ?? 0);
    }

    /// <summary>In the API's place before one runs: no process, so the readings hold PostgreSQL and the machine only.</summary>
    public const int NoProcess = 0;

    /// <summary>The same cluster, with another process in the API's place (one started since): no second lookup.</summary>
    public ServerCpu Watching(int processId) => new(processId, postmasterId);

    /// <summary>The same, and a node of deliveries beside the API (Node__Role=Deliveries, docs/adr/0040), read apart.</summary>
    public ServerCpu WithDeliveries(int processId) => new(apiProcessId, postmasterId, processId);

    /// <summary>
    /// Lowered: the part of the API's that its threads at a low priority spent (the encoder's, at nice 19). Deliveries: a
    /// node of deliveries' own, when one runs beside the API.
    /// </summary>
    public readonly record struct Reading(TimeSpan Api, TimeSpan Postgres, TimeSpan Lowered = default, TimeSpan? Deliveries = null);

    public Reading Read() => new(Seconds(Stat(apiProcessId)?.Own ?? 0), Seconds(PostgresTicks()), Seconds(LoweredTicks(apiProcessId)),
        deliveriesProcessId == 0 ? null : Seconds(Stat(deliveriesProcessId)?.Own ?? 0));

    /// <summary>Reads when a measured window opens (a Stopwatch timestamp), so the warm-up's work is left out.</summary>
    public async Task<Reading> ReadAt(long timestamp, CancellationToken cancellation) => (await SnapshotAt(timestamp, cancellation)).Servers;

    /// <summary>
    /// A closed loop timed like every measured run (a warm-up, then the window), and what one request cost the watched
    /// process and PostgreSQL within that window.
    /// </summary>
    public async Task<(LoadResult Result, string CpuPerRequest)> ClosedLoop(Load load, string name, int clients, BenchOptions options,
        Func<GraphQLRequest?> next, string process, CancellationToken cancellation)
    {
        var (result, before, after) = await Measured(load, name, clients, options, next, cancellation);
        return (result, PerCommand(before.Servers, after.Servers, result.Count, process));
    }

    /// <summary>
    /// The same, with what one request cost the bench itself and how the machine's cores were shared in the window: a
    /// read's throughput on two shared cores is what these leave, so a series slower than another is told apart into
    /// its own cost and the cores it got.
    /// </summary>
    public async Task<(LoadResult Result, string CpuPerRequest)> ClosedLoopShared(Load load, string name, int clients, BenchOptions options,
        Func<GraphQLRequest?> next, CancellationToken cancellation)
    {
        var (result, before, after) = await Measured(load, name, clients, options, next, cancellation);
        return (result, PerRequest(before, after, result.Count));
    }

    private async Task<(LoadResult Result, CpuTimeline.Snapshot Before, CpuTimeline.Snapshot After)> Measured(Load load, string name,
        int clients, BenchOptions options, Func<GraphQLRequest?> next, CancellationToken cancellation)
    {
        var window = Window.StartingNow(options.WarmUp, options.Duration);
        var before = SnapshotAt(window.MeasureFrom, cancellation);
        var result = await load.ClosedLoop(name, clients, window, next);
        var after = CpuTimeline.Snapshot.Take(this);
        return (result, await before, after);
    }

    private async Task<CpuTimeline.Snapshot> SnapshotAt(long timestamp, CancellationToken cancellation)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellation);
        return CpuTimeline.Snapshot.Take(this);
    }

    /// <summary>"API 0.21 ms + PostgreSQL 0.01 ms + bench 0.05 ms; the window: machine 99 % busy (steal 0 %, …) …".</summary>
    public static string PerRequest(CpuTimeline.Snapshot before, CpuTimeline.Snapshot after, long requests)
    {
        if (requests == 0 || OperatingSystem.IsLinux() is false) return "not measured";
        var bench = (after.Bench.Cpu - before.Bench.Cpu).TotalMilliseconds / requests;
        return $"{PerCommand(before.Servers, after.Servers, requests)} + bench {bench:N2} ms; the window: " +
               CpuTimeline.Share.Between(before, after);
    }

    /// <summary>
    /// "API 4.1 ms + PostgreSQL 2.3 ms" per command between two readings, and the API's part at a low priority when it had
    /// one: the kernel gives those threads only what the others leave, so that part is idle cores put to use, not a cost
    /// the commands pay (docs/performance.md, round 23).
    /// </summary>
    public static string PerCommand(Reading before, Reading after, long commands, string process = "API")
    {
        if (commands == 0 || OperatingSystem.IsLinux() is false) return "not measured";
        var lowered = (after.Lowered - before.Lowered).TotalMilliseconds / commands;
        return $"{process} {(after.Api - before.Api).TotalMilliseconds / commands:N2} ms" +
               (lowered >= 0.005 ? $" ({lowered:N2} ms of it at a low priority)" : "") +
               (after.Deliveries - before.Deliveries is { } deliveries ? $" + the node of deliveries {deliveries.TotalMilliseconds / commands:N2} ms" : "") +
               $" + PostgreSQL {(after.Postgres - before.Postgres).TotalMilliseconds / commands:N2} ms";
    }

    /// <summary>The postmaster with the children it has reaped, and every live child (backends, daemons).</summary>
    private long PostgresTicks()
    {
        if (postmasterId == 0) return 0;
        var total = Stat(postmasterId) is { } postmaster ? postmaster.Own + postmaster.Reaped : 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } child && child.Parent == postmasterId)
                total += child.Own;
        return total;
    }

    /// <summary>The CPU of a process's live threads whose nice value is above 0 (/proc/[pid]/task/[tid]/stat, field 19).</summary>
    private static long LoweredTicks(int pid) => ThreadTicks(pid, (_, fields) => int.Parse(fields[16]) > 0);

    /// <summary>
    /// The CPU the watched process's tiered JIT has spent so far: its background compiler's threads (".NET Tiered Com…"),
    /// which recompile hot methods for a minute or more after new code first runs (ADR 0038).
    /// </summary>
    public TimeSpan Jit() => Seconds(ThreadTicks(apiProcessId, (task, _) =>
        File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal)));

    /// <summary>The CPU of a process's live threads that <paramref name="counts"/> (given the thread's folder and stat fields).</summary>
    private static long ThreadTicks(int pid, Func<string, string[], bool> counts)
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var fields = Fields(Path.Combine(task, "stat"));
                    if (counts(task, fields)) total += long.Parse(fields[11]) + long.Parse(fields[12]);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // The thread ended between the listing and the read.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        return total;
    }

    /// <summary>A stat file's fields after the command name, which is in parentheses and may hold spaces: state is [0].</summary>
    private static string[] Fields(string path)
    {
        var text = File.ReadAllText(path);
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private sealed record ProcessStat(int Parent, long Own, long Reaped);

    /// <summary>/proc/[pid]/stat: after the command name in parentheses come state, ppid, …, utime (14), stime, cutime, cstime.</summary>
    private static ProcessStat? Stat(int pid)
    {
        try
        {
            var fields = Fields($"/proc/{pid}/stat");
            return new ProcessStat(int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>
/// The CPU of the whole machine, the API and PostgreSQL (autovacuum included), second by second from when it starts:
/// set beside the seconds an open loop was slow in, it says whether the machine's cores ran out then.
/// </summary>
public sealed class CpuTimeline : IAsyncDisposable
{
    private readonly ServerCpu servers;
    private readonly List<Snapshot> readings = [];
    private readonly PeriodicTimer timer = new(TimeSpan.FromSeconds(1));
    private readonly Task sampling;

    private CpuTimeline(ServerCpu servers)
    {
        this.servers = servers;
        Sample();
        sampling = Run();
    }

    public static CpuTimeline Start(ServerCpu servers) => new(servers);

    private async Task Run()
    {
        while (await timer.WaitForNextTickAsync()) Sample();
    }

    private void Sample()
    {
        lock (readings) readings.Add(Snapshot.Take(servers));
    }

    /// <summary>
    /// "second 5: machine 98 % busy, API 0.92 + PostgreSQL 0.81 + bench 0.15 cores, bench paused 12 ms; …; the median
    /// second: …". The bench's own pauses (its garbage collector) hold up requests it should send on schedule.
    /// </summary>
    public string Describe(IEnumerable<int> seconds)
    {
        List<Share> all;
        lock (readings) all = [.. readings.Zip(readings.Skip(1), Share.Between)];
        if (all.Count == 0 || !OperatingSystem.IsLinux()) return "not measured";
        var named = seconds.Where(s => s < all.Count).Select(s => $"second {s}: {all[s]}");
        var median = all.OrderBy(s => s.Busy).ElementAt(all.Count / 2);
        return string.Join("; ", named.Append($"the median second: {median}"));
    }

    /// <summary>How the cores were shared over the whole timeline, and in its median second: "…; the median second: …".</summary>
    public string DescribeWhole()
    {
        if (!OperatingSystem.IsLinux()) return "not measured";
        Snapshot first, last;
        lock (readings) (first, last) = (readings[0], readings[^1]);
        return $"the whole load: {Share.Between(first, last)}; {Describe([])}";
    }

    public async ValueTask DisposeAsync()
    {
        timer.Dispose();
        await sampling;
    }

    /// <summary>The CPU counters of the API, PostgreSQL, the machine and the bench at one moment.</summary>
    public readonly record struct Snapshot(ServerCpu.Reading Servers, MachineTicks Machine, Harness Bench)
    {
        public static Snapshot Take(ServerCpu servers) => new(servers.Read(), MachineTicks.Read(), Harness.Read());
    }

    /// <summary>
    /// How the machine's cores were shared between two snapshots: a second of the open loop, or one funnel call. The
    /// counters tick every 10 ms per core, so a stretch of 50 ms is read to within about a fifth.
    /// </summary>
    public readonly record struct Share(double Busy, double Steal, long MajorFaults, double Api, double Postgres, double Bench, TimeSpan BenchPaused)
    {
        public static Share Between(Snapshot from, Snapshot to)
        {
            var ticks = to.Machine.Total - from.Machine.Total; // summed over the cores
            if (ticks <= 0) return default;
            var wall = TimeSpan.FromSeconds(ticks / ServerCpu.TicksPerSecond / Environment.ProcessorCount);
            return new Share((double)(to.Machine.Busy - from.Machine.Busy) / ticks, (double)(to.Machine.Steal - from.Machine.Steal) / ticks,
                to.Machine.MajorFaults - from.Machine.MajorFaults,
                (to.Servers.Api - from.Servers.Api) / wall, (to.Servers.Postgres - from.Servers.Postgres) / wall,
                (to.Bench.Cpu - from.Bench.Cpu) / wall, to.Bench.Paused - from.Bench.Paused);
        }

        /// <summary>Busy cores not spent by the API, PostgreSQL or the bench: other processes, the kernel, the host (steal).</summary>
        private double Other => Math.Max(0, Busy * Environment.ProcessorCount - Api - Postgres - Bench);

        public override string ToString() =>
            $"machine {Busy:P0} busy (steal {Steal:P0}, {MajorFaults:N0} major faults), API {Api:N2} + PostgreSQL {Postgres:N2} + " +
            $"bench {Bench:N2} + other {Other:N2} cores, bench paused {BenchPaused.TotalMilliseconds:N0} ms";
    }

    /// <summary>The bench's own CPU and the time its garbage collector paused it, both since it started.</summary>
    public readonly record struct Harness(TimeSpan Cpu, TimeSpan Paused)
    {
        public static Harness Read()
        {
            using var self = Process.GetCurrentProcess();
            return new Harness(self.TotalProcessorTime, GC.GetTotalPauseDuration());
        }
    }

    /// <summary>
    /// The first line of /proc/stat, in ticks: everything but idle and I/O wait is busy, steal (time the host gave
    /// this machine's cores to others) included; and the major page faults so far, from /proc/vmstat.
    /// </summary>
    public readonly record struct MachineTicks(long Busy, long Steal, long Total, long MajorFaults)
    {
        public static MachineTicks Read()
        {
            try
            {
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
                var idle = fields[3] + fields[4];
                var total = fields.Take(8).Sum();
                var faults = File.ReadLines("/proc/vmstat").FirstOrDefault(l => l.StartsWith("pgmajfault ")) is { } line ? long.Parse(line[11..]) : 0;
                return new MachineTicks(total - idle, fields[7], total, faults);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                return default;
            }
        }
    }
}
