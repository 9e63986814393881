using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// PostgreSQL's own point-read yardstick: <c>pgbench -S -M prepared</c> at 8 clients on tables it fills itself (issue
/// 29). The bench's reader topped out at 14–18 k reads/s where pgbench does several times that on the same machine, so
/// the reads' ratios were to the bench's client, not to PostgreSQL. pgbench ships with PostgreSQL; ./bench.sh names the
/// one beside the server it starts (MARKETPLACE_PGBENCH).
/// </summary>
public static partial class PgBench
{
    private const int Clients = 8;

    public static async Task<Measure> PointReads(string connectionString, BenchOptions options, CancellationToken cancellation)
    {
        var scale = Math.Max(1, options.CopyRows / 100_000);
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var seconds = (int)Math.Ceiling((options.WarmUp + options.Duration).TotalSeconds);
        try
        {
            await Run(target, cancellation, "-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture));
            var output = await Run(target, cancellation, "-n", "-S", "-M", "prepared", "-c", Clients.ToString(CultureInfo.InvariantCulture),
                "-j", Math.Min(Clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture));
            var tps = Tps().Match(output);
            if (!tps.Success) throw new BenchFailure($"pgbench printed no tps: {output}");
            var latency = Latency().Match(output);
            return new Measure(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), "reads/s",
                $"pgbench -S -M prepared, {Clients} clients, scale {scale}{(latency.Success ? $", {latency.Groups[1].Value} ms average" : "")}");
        }
        finally
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellation);
            await using var drop = new NpgsqlCommand(
                "drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers", connection);
            await drop.ExecuteNonQueryAsync(cancellation);
        }
    }

    private static async Task<string> Run(NpgsqlConnectionStringBuilder target, CancellationToken cancellation, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("MARKETPLACE_PGBENCH") is { Length: > 0 } path ? path : "pgbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username!, .. arguments, target.Database!])
            start.ArgumentList.Add(argument);
        if (target.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new BenchFailure("pgbench did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        if (process.ExitCode != 0) throw new BenchFailure($"pgbench {string.Join(' ', arguments)} failed: {await errors}");
        return await output;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();
}
