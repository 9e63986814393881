using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StandardWebhooks;

namespace Marketplace.Api.Webhooks;

/// <summary>What one attempt found: the attempt for the log, and how long the receiver asked us to wait (Retry-After).</summary>
public sealed record SendResult(WebhookAttempt Attempt, TimeSpan? RetryAfter);

/// <summary>
/// Sends one delivery, signed by the Standard Webhooks specification (the StandardWebhooks package signs; every secret
/// still in its overlap signs too, space-separated, as the specification allows). Redirects are not followed, no proxy
/// is used, and every connection goes through <see cref="AddressGuard"/> after the name is resolved.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const int ResponseBytesKept = 256;
    private readonly HttpClient _client;
    private readonly WebhookOptions _options;

    public WebhookSender(WebhookOptions options, IWebhookResolver resolver)
    {
        _options = options;
        var guard = AddressGuard.From(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = Math.Max(1, options.ConcurrencyPerEndpoint),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await resolver.Resolve(context.DnsEndPoint.Host, cancellationToken);
                if (addresses.Length == 0) throw new AddressRefused($"{context.DnsEndPoint.Host} has no address");
                // Every answer must be allowed: a name that mixes an internal address among public ones is refused.
                if (addresses.Select(guard.Refusal).FirstOrDefault(r => r is not null) is { } refusal)
                    throw new AddressRefused($"refused: {refusal}");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Marketplace-Webhooks/1.0");
    }

    /// <summary>
    /// One attempt, on the calling thread from start to end (the connection, the exchange, the response's first bytes):
    /// the deliveries' low-priority threads call it, so that the whole exchange runs at their priority
    /// (<see cref="WebhookAttempts"/>).
    /// </summary>
    public SendResult Send(string url, IEnumerable<string> secrets, string webhookId, string payload, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        // Synchronous all the way down: with sync, no step awaits, so the task is complete when the call returns.
        Exchange(url, secrets, webhookId, payload, now, sync: true, cancellationToken).GetAwaiter().GetResult();

    /// <summary>One attempt on the thread pool, awaiting the socket: where no thread of a lower priority is wanted.</summary>
    public Task<SendResult> SendAsync(string url, IEnumerable<string> secrets, string webhookId, string payload, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        Exchange(url, secrets, webhookId, payload, now, sync: false, cancellationToken);

    private async Task<SendResult> Exchange(string url, IEnumerable<string> secrets, string webhookId, string payload, DateTimeOffset now,
        bool sync, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", webhookId);
            request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", string.Join(' ', secrets.Select(s => new StandardWebhook(s).Sign(webhookId, now, payload))));
            using var response = sync
                ? _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                : await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await FirstBytes(response, sync, timeout.Token);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            string? error = status is >= 300 and < 400
                ? $"redirect to {response.Headers.Location} not followed"
                : null;
            return new SendResult(
                new WebhookAttempt(now, status, (int)watch.ElapsedMilliseconds, body, error, succeeded),
                succeeded ? null : RetryAfter(response, now));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or AddressRefused or SocketException or IOException or ObjectDisposedException)
        {
            var error = e switch
            {
                _ when timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested => $"timed out after {_options.Timeout.TotalSeconds:0.#} s",
                _ when Find<AddressRefused>(e) is { } refused => refused.Message,
                _ when Find<SocketException>(e) is { } socket => $"could not connect: {socket.SocketErrorCode}",
                _ => e.Message,
            };
            cancellationToken.ThrowIfCancellationRequested();
            return new SendResult(new WebhookAttempt(now, null, (int)watch.ElapsedMilliseconds, null, error, false), null);
        }
    }

    /// <summary>The response's first bytes, for the delivery log; a slow body is cut off by the attempt's timeout.</summary>
    private static async Task<string?> FirstBytes(HttpResponseMessage response, bool sync, CancellationToken cancellationToken)
    {
        using var stream = sync ? response.Content.ReadAsStream(cancellationToken) : await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reading = cancellationToken.Register(stream.Dispose);
        var buffer = new byte[ResponseBytesKept];
        var read = 0;
        while (read < buffer.Length && (sync ? stream.Read(buffer.AsSpan(read)) : await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) is var n and > 0)
            read += n;
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    public void Dispose() => _client.Dispose();
}
