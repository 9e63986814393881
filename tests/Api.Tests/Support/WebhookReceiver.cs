using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Marketplace.Api.Tests.Support;

/// <summary>One request as the receiver saw it; <see cref="Verified"/> says whether the reference verification accepted it.</summary>
public sealed record ReceivedWebhook(string WebhookId, string Type, JsonElement Data, string Body, bool Verified, int Answered, DateTimeOffset At, bool Slow = false);

/// <summary>
/// A company's webhook receiver: a real HTTP server on loopback that checks every request with the Standard Webhooks
/// reference verification (the StandardWebhooks package, as a receiver written in C# would) against the secrets it was
/// told, and answers as scripted: 200 unless <see cref="Answers"/> holds something else for the next request.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    /// <summary>How the next requests are answered, in order: a status ("500"), "429:2" (Retry-After 2 s), "slow:3000" (answers 200 after 3 s), "redirect:URL".</summary>
    public ConcurrentQueue<string> Answers { get; } = new();

    /// <summary>The secrets a request may be signed with (any one suffices, as the specification says).</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>Every request answers like this when <see cref="Answers"/> is empty.</summary>
    public string Otherwise { get; set; } = "200";

    public string Url { get; }

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hooks";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks", Receive);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    private async Task Receive(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var verified = Verify(body, http.Request.Headers, Secrets.ToArray());
        var answer = Answers.TryDequeue(out var scripted) ? scripted : Otherwise;
        var status = 200;
        if (answer.StartsWith("slow:")) await Task.Delay(int.Parse(answer[5..]));
        else if (answer.StartsWith("429:"))
        {
            status = 429;
            http.Response.Headers.RetryAfter = answer[4..];
        }
        else if (answer.StartsWith("redirect:"))
        {
            status = 307;
            http.Response.Headers.Location = answer[9..];
        }
        else status = int.Parse(answer);

        using var json = JsonDocument.Parse(body);
        _received.Enqueue(new ReceivedWebhook(http.Request.Headers["webhook-id"].ToString(), json.RootElement.GetProperty("type").GetString()!,
            json.RootElement.GetProperty("data").Clone(), body, verified, status, DateTimeOffset.UtcNow, answer.StartsWith("slow:")));
        http.Response.StatusCode = status;
        await http.Response.WriteAsync(status == 200 ? "ok" : $"answered {status} on purpose");
    }

    /// <summary>
    /// The specification: a request is authentic when any one of its space-separated signatures verifies. The package
    /// checks only the first signature of the header, so each is given to it on its own (docs/webhooks.md).
    /// </summary>
    public static bool Verify(string body, IHeaderDictionary headers, IEnumerable<string> secrets) =>
        secrets.Any(secret => headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(signature =>
        {
            var one = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"], ["webhook-timestamp"] = headers["webhook-timestamp"], ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(body, one);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }));

    /// <summary>Waits until the receiver has answered 2xx in good time (not a scripted slow answer) to deliveries matching the condition, at least this many.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> Delivered(Func<ReceivedWebhook, bool> matching, int count = 1, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Received.Where(r => r.Answered is >= 200 and < 300 && !r.Slow && matching(r)).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{found.Count} of {count} deliveries arrived; received: {string.Join(", ", Received.Select(r => $"{r.Type}/{r.Answered}"))}");
            await Task.Delay(50);
        }
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Real DNS, except for names under <c>.internal.test</c>, which answer the internal address their first label spells
/// (<c>10-0-0-5.internal.test</c> is 10.0.0.5): a name whose answer is private, without owning a DNS server.
/// </summary>
public sealed class TestResolver : Marketplace.Api.Webhooks.IWebhookResolver
{
    private readonly Marketplace.Api.Webhooks.DnsResolver _dns = new();

    public Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) =>
        host.EndsWith(".internal.test", StringComparison.OrdinalIgnoreCase)
            ? Task.FromResult(new[] { IPAddress.Parse(host.Split('.')[0].Replace('-', '.')) })
            : _dns.Resolve(host, cancellationToken);
}
