using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// CPU time the API process and the PostgreSQL cluster spend, read from /proc: divided by the commands answered in
/// the same stretch it says what one command costs, a figure that holds up better than throughput on a machine whose
/// cores are shared (other processes slow the work down, they do not add to it).
/// </summary>
public sealed class ServerCpu(int apiProcessId, int postmasterId)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Watches the given process (the API, or the bench itself) and the cluster that serves the database.</summary>
    public static async Task<ServerCpu> For(int processId, NpgsqlDataSource database, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand("select pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync(cancellation))!;
        return new ServerCpu(processId, Stat(backend)?.Parent ?? 0);
    }

    public readonly record struct Reading(TimeSpan Api, TimeSpan Postgres);

    public Reading Read() => new(Seconds(Stat(apiProcessId)?.Own ?? 0), Seconds(PostgresTicks()));

    /// <summary>Reads when a measured window opens (a Stopwatch timestamp), so the warm-up's work is left out.</summary>
    public async Task<Reading> ReadAt(long timestamp, CancellationToken cancellation)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellation);
        return Read();
    }

    /// <summary>
    /// A closed loop timed like every measured run (a warm-up, then the window), and what one request cost the watched
    /// process and PostgreSQL within that window.
    /// </summary>
    public async Task<(LoadResult Result, string CpuPerRequest)> ClosedLoop(Load load, string name, int clients, BenchOptions options,
        Func<GraphQLRequest?> next, string process, CancellationToken cancellation)
    {
        var window = Window.StartingNow(options.WarmUp, options.Duration);
        var before = ReadAt(window.MeasureFrom, cancellation);
        var result = await load.ClosedLoop(name, clients, window, next);
        var after = Read();
        return (result, PerCommand(await before, after, result.Count, process));
    }

    /// <summary>"API 4.1 ms + PostgreSQL 2.3 ms" per command between two readings.</summary>
    public static string PerCommand(Reading before, Reading after, long commands, string process = "API") =>
        commands == 0 || OperatingSystem.IsLinux() is false
            ? "not measured"
            : $"{process} {(after.Api - before.Api).TotalMilliseconds / commands:N2} ms + PostgreSQL {(after.Postgres - before.Postgres).TotalMilliseconds / commands:N2} ms";

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

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private sealed record ProcessStat(int Parent, long Own, long Reaped);

    /// <summary>/proc/[pid]/stat: after the command name in parentheses come state, ppid, …, utime (14), stime, cutime, cstime.</summary>
    private static ProcessStat? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcessStat(int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
