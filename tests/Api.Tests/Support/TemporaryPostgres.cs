using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// A PostgreSQL server of a test's own, from the installed binaries, for what the shared server must never go through:
/// being stopped. As root it runs as the postgres user, as scripts/postgres.sh does.
/// </summary>
public sealed class TemporaryPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _home;

    private TemporaryPostgres(string bin, string home, int port)
    {
        _bin = bin;
        _home = home;
        Port = port;
    }

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres;Timeout=3;Command Timeout=10";
    private string Data => Path.Combine(_home, "data");

    public static async Task<TemporaryPostgres> Start()
    {
        var bin = Binaries() ?? throw new InvalidOperationException("No PostgreSQL binaries found (pg_ctl, initdb).");
        var home = Path.Combine(Path.GetTempPath(), "marketplace-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        if (IsRoot) await Run("chown", "postgres", home);
        var server = new TemporaryPostgres(bin, home, FreePort());
        await server.AsPostgres("initdb", "-D", server.Data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8");
        await server.StartServer();
        return server;
    }

    /// <summary>
    /// Starts the server (again) on the same port and data, durable as in production: unlike the suite's server, an
    /// acknowledged commit must survive the immediate stop (synchronous_commit=off would lose the last ones).
    /// </summary>
    public Task StartServer() => AsPostgres("pg_ctl", "-D", Data, "-l", Path.Combine(_home, "log"), "-w", "-t", "30",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_home}", "start");

    /// <summary>Stops the server at once: connections are cut, as in a crash or a network partition.</summary>
    public Task Stop() => AsPostgres("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await Stop(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgres(string tool, params string[] args) =>
        IsRoot ? Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : Run(Path.Combine(_bin, tool), args);

    private static async Task Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await output}{await errors}");
    }

    private static string? Binaries() =>
        Environment.GetEnvironmentVariable("MARKETPLACE_PG_BIN") is { Length: > 0 } configured ? configured
        : Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderByDescending(d => d).FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
