using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench;

/// <summary>
/// The companies' healthy webhook receivers: one Kestrel server listening on a loopback port per endpoint (the API's
/// sender pools its connections per host and port, as it would for distinct companies' servers), answering 200 at once.
/// It keeps the first arrival of each <c>webhook-id</c> (a delivery sent again arrives under the same id) and every
/// arrival's time; it neither parses nor verifies the body, which the webhook tests do.
/// <para>
/// The receivers stand for other companies' servers. By default they run apart (<see cref="StartApart"/>): a process
/// of their own at the lowest weight, so that their CPU is not charged to the commands they share the bench's cores
/// with; the bench reads what arrived from a port of theirs. MARKETPLACE_BENCH_RECEIVERS=here keeps them in the bench.
/// </para>
/// </summary>
public sealed class WebhookReceivers : IAsyncDisposable
{
    private readonly WebApplication? app;
    private readonly Dictionary<int, int> endpointOfPort;
    private readonly ConcurrentDictionary<string, Arrival> first = new();
    private readonly ConcurrentQueue<DateTime> arrivals = new();

    /// <summary>Apart: the receivers' process and the port it tells its arrivals on; in it, what it tells.</summary>
    private readonly Process? process;
    private readonly string? told;
    private readonly int tellingPort;
    private readonly List<string> tale = [];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Lock syncing = new();
    private int synced;
    private long syncedAt;

    public sealed record Arrival(int Endpoint, DateTime At);

    private WebhookReceivers(WebApplication? app, int[] ports, Process? process = null, int tellingPort = 0)
    {
        this.app = app;
        this.process = process;
        this.tellingPort = tellingPort;
        if (process is not null) told = $"http://127.0.0.1:{tellingPort}/arrivals";
        endpointOfPort = ports.Select((port, i) => (port, i)).ToDictionary(p => p.port, p => p.i);
        Urls = [.. ports.Select(port => $"http://127.0.0.1:{port}/hooks")];
    }

    /// <summary>One URL per endpoint, each on its own port.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>Distinct deliveries so far.</summary>
    public int Count => Synced().first.Count;

    /// <summary>Arrivals of a <c>webhook-id</c> already seen (at-least-once delivery allows them).</summary>
    public int Repeated => Synced().arrivals.Count - first.Count;

    public Arrival? FirstArrival(string webhookId) => Synced().first.GetValueOrDefault(webhookId);

    /// <summary>Every arrival's time, repeats included.</summary>
    public IReadOnlyList<DateTime> Arrivals => [.. Synced().arrivals];

    /// <summary>In the bench's process.</summary>
    public static async Task<WebhookReceivers> Start(int endpoints, CancellationToken cancellation)
    {
        var ports = FreePorts(endpoints);
        var receivers = Listening(ports, tellingPort: 0, out var app);
        await app.StartAsync(cancellation);
        return receivers;
    }

    /// <summary>In a process of their own at <paramref name="nice"/>, in a scheduling group of its own.</summary>
    public static async Task<WebhookReceivers> StartApart(int endpoints, int nice, CancellationToken cancellation)
    {
        var ports = FreePorts(endpoints + 1);
        var info = new ProcessStartInfo("dotnet");
        foreach (var argument in (string[])[typeof(WebhookReceivers).Assembly.Location, Apart, .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))])
            info.ArgumentList.Add(argument);
        ChildProcesses.InBackground(info, nice);
        var (process, output) = ChildProcesses.Start(info);
        var receivers = new WebhookReceivers(null, ports[1..], process, ports[0]);
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                receivers.Sync(force: true);
                return receivers;
            }
            catch (HttpRequestException) when (waiting.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(50, cancellation);
            }
            catch (HttpRequestException)
            {
                throw new BenchFailure($"The receivers' process did not start:{Environment.NewLine}{output.Tail()}");
            }
        }
    }

    /// <summary>The argument that runs the bench's program as the receivers' process: then the telling port, then one per endpoint.</summary>
    public const string Apart = "--webhook-receivers";

    /// <summary>The receivers' process: serves until SIGTERM.</summary>
    public static async Task<int> ServeApart(int[] ports)
    {
        Listening(ports[1..], ports[0], out var app);
        await app.RunAsync();
        return 0;
    }

    private static WebhookReceivers Listening(int[] ports, int tellingPort, out WebApplication app)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            foreach (var port in ports) kestrel.Listen(IPAddress.Loopback, port);
            if (tellingPort != 0) kestrel.Listen(IPAddress.Loopback, tellingPort);
        });
        app = builder.Build();
        var receivers = new WebhookReceivers(app, ports, tellingPort: tellingPort);
        app.Run(receivers.Receive);
        return receivers;
    }

    private static int[] FreePorts(int count)
    {
        var free = new HashSet<int>();
        while (free.Count < count) free.Add(ApiLauncher.FreePort());
        return [.. free];
    }

    private async Task Receive(HttpContext http)
    {
        if (tellingPort != 0 && http.Connection.LocalPort == tellingPort)
        {
            await Tell(http);
            return;
        }
        var at = DateTime.UtcNow;
        var id = http.Request.Headers["webhook-id"].ToString();
        await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
        var endpoint = endpointOfPort.GetValueOrDefault(http.Connection.LocalPort, -1);
        Arrived(id, endpoint, at);
        if (tellingPort != 0)
            lock (tale) tale.Add($"{id} {endpoint} {at.Ticks}");
        http.Response.StatusCode = 200;
    }

    private void Arrived(string id, int endpoint, DateTime at)
    {
        arrivals.Enqueue(at);
        first.TryAdd(id, new Arrival(endpoint, at));
    }

    /// <summary>The arrivals from the index asked for, a line each: "webhook-id endpoint ticks".</summary>
    private async Task Tell(HttpContext http)
    {
        var from = int.TryParse(http.Request.Query["from"], out var index) ? index : 0;
        string[] lines;
        lock (tale) lines = from < tale.Count ? [.. tale.GetRange(from, tale.Count - from)] : [];
        http.Response.StatusCode = 200;
        await http.Response.WriteAsync(string.Join('\n', lines));
    }

    /// <summary>Apart: what arrived since the last reading, at most every 20 ms unless forced.</summary>
    private WebhookReceivers Synced()
    {
        if (told is not null) Sync(force: false);
        return this;
    }

    private void Sync(bool force)
    {
        lock (syncing)
        {
            if (!force && Stopwatch.GetElapsedTime(syncedAt) < TimeSpan.FromMilliseconds(20)) return;
            using var response = Http.Send(new HttpRequestMessage(HttpMethod.Get, $"{told}?from={synced}"));
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(response.Content.ReadAsStream());
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                var parts = line.Split(' ');
                Arrived(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), new DateTime(long.Parse(parts[2], CultureInfo.InvariantCulture), DateTimeKind.Utc));
                synced++;
            }
            syncedAt = Stopwatch.GetTimestamp();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        if (process is not null) await ChildProcesses.Stop(process, TimeSpan.FromSeconds(5));
    }
}

/// <summary>
/// A receiver that is down the hard way: it accepts each connection and never answers, so every attempt runs into the
/// sender's timeout, holding one of the endpoint's attempts in flight all that time (a closed port would refuse at once).
/// </summary>
public sealed class SilentReceiver : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Socket> held = [];
    private readonly Task accepting;

    public SilentReceiver()
    {
        listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hooks";
        accepting = Accept();
    }

    public string Url { get; }

    /// <summary>Connections accepted: the sender opens one per attempt, since a timed-out connection is not reused.</summary>
    public int Accepted => held.Count;

    private async Task Accept()
    {
        try
        {
            while (true) held.Add(await listener.AcceptSocketAsync());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        listener.Stop();
        foreach (var socket in held) socket.Dispose();
        accepting.Wait(TimeSpan.FromSeconds(1));
    }
}
