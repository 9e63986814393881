using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Bench;

/// <summary>Where the built API lives, found from the bench's own location in the checkout.</summary>
public sealed record Checkout(string Root)
{
    /// <summary>The API as bench.sh publishes it (ReadyToRun, like the Dockerfile), with its settings and wwwroot.</summary>
    public string ApiDirectory => Path.Combine(Root, "src", "Api", "bin", "bench");
    public string ApiAssembly => Path.Combine(ApiDirectory, "Marketplace.Api.dll");
    public string ResultsDirectory => Path.Combine(Root, "bench", "results");

    /// <summary>The floor server as bench.sh publishes it (ReadyToRun, like the API).</summary>
    public string FloorDirectory => Path.Combine(Root, "bench", "Marketplace.Bench.Floor", "bin", "floor");
    public string FloorAssembly => Path.Combine(FloorDirectory, "Marketplace.Bench.Floor.dll");

    public static Checkout Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Marketplace.sln"))) return new Checkout(directory.FullName);
        throw new BenchFailure("Cannot find the checkout (Marketplace.sln) above the bench's folder.");
    }
}

public sealed record VerbRun(int ExitCode, TimeSpan Elapsed, string Output);

/// <summary>Runs the Release build of the API the way production would: Production environment, settings from variables.</summary>
public sealed class ApiLauncher(Checkout checkout, string tokenIssuer)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs a JasperFx verb (db-apply, projections ...) to completion; the time includes process start-up.</summary>
    public async Task<VerbRun> RunVerb(string connectionString, CancellationToken cancellation, params string[] verb)
    {
        var started = Stopwatch.GetTimestamp();
        var (process, output) = ChildProcesses.Start(StartInfo(connectionString, verb));
        try
        {
            await process.WaitForExitAsync(cancellation);
            return new VerbRun(process.ExitCode, Stopwatch.GetElapsedTime(started), output.Tail());
        }
        finally
        {
            ChildProcesses.Release(process);
        }
    }

    /// <summary>Runs a verb that must succeed.</summary>
    public async Task<VerbRun> RunVerbOrFail(string connectionString, CancellationToken cancellation, params string[] verb)
    {
        var run = await RunVerb(connectionString, cancellation, verb);
        if (run.ExitCode != 0)
            throw new BenchFailure($"`{string.Join(' ', verb)}` exited with {run.ExitCode}:{Environment.NewLine}{run.Output}");
        return run;
    }

    /// <summary>
    /// Starts the server on a free loopback port and waits until /health/ready answers 200; <paramref name="settings"/>
    /// are environment variables on top of the bench's own.
    /// </summary>
    /// <param name="nice">
    /// When given: the whole process at that nice value, in a scheduling group of its own at the same (a node of
    /// deliveries sharing the API's cores).
    /// </param>
    public Task<ApiServer> Serve(string connectionString, HttpClient http, CancellationToken cancellation,
        IReadOnlyDictionary<string, string>? settings = null, int? nice = null) =>
        Start(address =>
        {
            var info = StartInfo(connectionString, ["--urls", address.ToString()]);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
            if (nice is { } niceness) ChildProcesses.InBackground(info, niceness);
            return info;
        }, "/health/ready", http, cancellation);

    /// <summary>The floor server (bench/Marketplace.Bench.Floor): the fixed stack with no product, on the same footing.</summary>
    public Task<ApiServer> ServeFloor(string connectionString, HttpClient http, CancellationToken cancellation) =>
        Start(address =>
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = checkout.FloorDirectory };
            foreach (var argument in (string[])[checkout.FloorAssembly, "--urls", address.ToString()]) info.ArgumentList.Add(argument);
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["ConnectionStrings__Marketplace"] = connectionString;
            return info;
        }, "/ready", http, cancellation);

    private static async Task<ApiServer> Start(Func<Uri, ProcessStartInfo> startInfo, string readyPath, HttpClient http, CancellationToken cancellation)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var started = Stopwatch.GetTimestamp();
        var (process, output) = ChildProcesses.Start(startInfo(address));
        var server = new ApiServer(process, address);
        try
        {
            server.StartUp = await WaitUntilReady(process, output, new Uri(address, readyPath), started, http, cancellation);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the server accepts a connection yet: a refusal is an error code here, not an exception.</summary>
    private static async Task<bool> Accepts(Uri address)
    {
        var host = IPAddress.TryParse(address.Host, out var ip) ? ip : IPAddress.Loopback;
        using var socket = new Socket(host.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var connect = new SocketAsyncEventArgs { RemoteEndPoint = new IPEndPoint(host, address.Port) };
        var completed = new TaskCompletionSource();
        connect.Completed += (_, _) => completed.TrySetResult();
        if (socket.ConnectAsync(connect)) await completed.Task;
        return connect.SocketError == SocketError.Success;
    }

    private static async Task<TimeSpan> WaitUntilReady(Process process, ProcessOutput output, Uri ready, long started, HttpClient http,
        CancellationToken cancellation)
    {
        while (Stopwatch.GetElapsedTime(started) < ReadyTimeout)
        {
            if (process.HasExited) throw new BenchFailure($"The server exited with {process.ExitCode} before it was ready:{Environment.NewLine}{output.Tail()}");
            // Until the port listens, every request fails with an exception whose path the bench's JIT compiles and
            // then optimises on the cores the start needs (1,333 methods in 1.2 s during one start, round 27): a bare
            // connection says so without one.
            if (!await Accepts(ready))
            {
                await Task.Delay(10, cancellation);
                continue;
            }
            try
            {
                using var response = await http.GetAsync(ready, cancellation);
                if (response.StatusCode == HttpStatusCode.OK) return Stopwatch.GetElapsedTime(started);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(10, cancellation);
        }
        throw new BenchFailure($"The server was not ready within {ReadyTimeout.TotalSeconds:0} s:{Environment.NewLine}{output.Tail()}");
    }

    private ProcessStartInfo StartInfo(string connectionString, IEnumerable<string> arguments)
    {
        // From the published folder: appsettings.json and wwwroot are found there, as in the image.
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = checkout.ApiDirectory };
        info.ArgumentList.Add(checkout.ApiAssembly);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Marketplace"] = connectionString;
        // Tokens come from the bench's own OpenID Connect provider (Tokens.cs), as from any external provider.
        info.Environment["Auth__Authority"] = tokenIssuer;
        info.Environment["Auth__RequireHttpsMetadata"] = "false";
        info.Environment["AllowedHosts"] = "127.0.0.1;localhost";
        // The load comes from one address and a few identities: the limits would measure the limiter, not the API.
        info.Environment["RateLimit__PerIdentityPerMinute"] = "100000000";
        info.Environment["RateLimit__PerAddressPerMinute"] = "100000000";
        return info;
    }

    /// <summary>A loopback port nothing listens on at the moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running API server.</summary>
public sealed class ApiServer(Process process, Uri address) : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>From Process.Start to the first 200 from /health/ready.</summary>
    public TimeSpan StartUp { get; internal set; }

    public Uri GraphQL => new(address, "/graphql");

    public Uri At(string path) => new(address, path);

    public int ProcessId => process.Id;

    /// <summary>VmRSS from /proc, in megabytes (MiB); 0 once the process is gone.</summary>
    public double ResidentMegabytes() => Status("VmRSS") is { Count: 1 } rss ? rss["VmRSS"] : 0;

    /// <summary>
    /// "anonymous 380 + files 85 + shared 4 MB": what the resident memory is made of. Anonymous is the heaps (the
    /// collector's committed memory among them); files are the mapped assemblies and libraries, which the kernel may
    /// page out and in again on its own.
    /// </summary>
    public string? ResidentParts() => Status("RssAnon", "RssFile", "RssShmem") is { Count: 3 } parts
        ? $"anonymous {Math.Floor(parts["RssAnon"]):N0} + files {Math.Floor(parts["RssFile"]):N0} + shared {Math.Floor(parts["RssShmem"]):N0} MB"
        : null;

    /// <summary>The named kB fields of /proc/[pid]/status, in megabytes; empty once the process is gone.</summary>
    private Dictionary<string, double> Status(params string[] fields)
    {
        try
        {
            return File.ReadLines($"/proc/{process.Id}/status")
                .Select(line => line.Split(':', 2))
                .Where(field => field.Length == 2 && fields.Contains(field[0]))
                .ToDictionary(field => field[0], field => long.Parse(field[1].Trim().Split(' ')[0]) / 1024.0);
        }
        catch (IOException)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync() => await ChildProcesses.Stop(process, StopGrace);
}
