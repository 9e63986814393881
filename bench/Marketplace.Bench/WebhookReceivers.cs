using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench;

/// <summary>
/// The companies' healthy webhook receivers: one Kestrel server in the bench's process listening on a loopback port per
/// endpoint (the API's sender pools its connections per host and port, as it would for distinct companies' servers),
/// answering 200 at once. It keeps the first arrival of each <c>webhook-id</c> (a delivery sent again arrives under
/// the same id) and every arrival's time; it neither parses nor verifies the body, which the webhook tests do.
/// </summary>
public sealed class WebhookReceivers : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Dictionary<int, int> endpointOfPort;
    private readonly ConcurrentDictionary<string, Arrival> first = new();
    private readonly ConcurrentQueue<DateTime> arrivals = new();

    public sealed record Arrival(int Endpoint, DateTime At);

    private WebhookReceivers(WebApplication app, int[] ports)
    {
        this.app = app;
        endpointOfPort = ports.Select((port, i) => (port, i)).ToDictionary(p => p.port, p => p.i);
        Urls = [.. ports.Select(port => $"http://127.0.0.1:{port}/hooks")];
    }

    /// <summary>One URL per endpoint, each on its own port.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>Distinct deliveries so far.</summary>
    public int Count => first.Count;

    /// <summary>Arrivals of a <c>webhook-id</c> already seen (at-least-once delivery allows them).</summary>
    public int Repeated => arrivals.Count - first.Count;

    public Arrival? FirstArrival(string webhookId) => first.GetValueOrDefault(webhookId);

    /// <summary>Every arrival's time, repeats included.</summary>
    public IReadOnlyList<DateTime> Arrivals => [.. arrivals];

    public static async Task<WebhookReceivers> Start(int endpoints, CancellationToken cancellation)
    {
        var free = new HashSet<int>();
        while (free.Count < endpoints) free.Add(ApiLauncher.FreePort());
        var ports = free.ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            foreach (var port in ports) kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var receivers = new WebhookReceivers(app, ports);
        app.Run(receivers.Receive);
        await app.StartAsync(cancellation);
        return receivers;
    }

    private async Task Receive(HttpContext http)
    {
        var at = DateTime.UtcNow;
        var id = http.Request.Headers["webhook-id"].ToString();
        await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
        arrivals.Enqueue(at);
        first.TryAdd(id, new Arrival(endpointOfPort.GetValueOrDefault(http.Connection.LocalPort, -1), at));
        http.Response.StatusCode = 200;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
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
