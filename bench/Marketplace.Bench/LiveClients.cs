using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>One message of a subscription as it arrived: when (by the bench's clock and the wall's), its type and payload.</summary>
public readonly record struct LiveMessage(string Type, string? Id, JsonElement Payload, long At, DateTime Wall);

/// <summary>
/// A graphql-ws client (subprotocol graphql-transport-ws): one WebSocket, one identity (connection_init carries the
/// bearer token), any number of operations. Every next, error and complete goes to the handler as it arrives; the
/// server's pings are answered.
/// </summary>
public sealed class WsConnection : IAsyncDisposable
{
    public const string Protocol = "graphql-transport-ws";

    private readonly ClientWebSocket socket = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly CancellationTokenSource closing = new();
    private readonly Action<LiveMessage> handle;
    private Task receiving = Task.CompletedTask;

    private WsConnection(Action<LiveMessage> handle) => this.handle = handle;

    /// <summary>The server closed the socket or it broke, while the bench had not closed it.</summary>
    public bool Lost { get; private set; }

    public static async Task<WsConnection> Open(Uri graphql, string token, Action<LiveMessage> handle, CancellationToken cancellation)
    {
        var connection = new WsConnection(handle);
        connection.socket.Options.AddSubProtocol(Protocol);
        connection.socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var address = new UriBuilder(graphql) { Scheme = graphql.Scheme == "https" ? "wss" : "ws" }.Uri;
        await connection.socket.ConnectAsync(address, cancellation);
        await connection.Send(new { type = "connection_init", payload = new { Authorization = $"Bearer {token}" } }, cancellation);
        var ack = await connection.Receive(cancellation);
        if (ack?.Type != "connection_ack")
        {
            await connection.DisposeAsync();
            throw new BenchFailure($"graphql-ws: expected connection_ack, got {ack?.Type ?? "the socket closed"}");
        }
        connection.receiving = Task.Run(connection.ReceiveAll, CancellationToken.None);
        return connection;
    }

    public Task Subscribe(string id, string query, object? variables, CancellationToken cancellation) =>
        Send(new { id, type = "subscribe", payload = new { query, variables } }, cancellation);

    private async Task ReceiveAll()
    {
        try
        {
            while (await Receive(closing.Token) is { } message)
            {
                if (message.Type == "ping") await Send(new { type = "pong" }, closing.Token);
                else if (message.Type is "next" or "error" or "complete") handle(message);
            }
            if (!closing.IsCancellationRequested) Lost = true;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            if (!closing.IsCancellationRequested) Lost = true;
        }
    }

    private async Task<LiveMessage?> Receive(CancellationToken cancellation)
    {
        var buffer = new byte[8 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellation);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            text.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage) continue;
            var (at, wall) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
            using var json = JsonDocument.Parse(text.GetBuffer().AsMemory(0, (int)text.Length));
            var root = json.RootElement;
            return new LiveMessage(root.GetProperty("type").GetString()!,
                root.TryGetProperty("id", out var id) ? id.GetString() : null,
                root.TryGetProperty("payload", out var payload) ? payload.Clone() : default, at, wall);
        }
    }

    private async Task Send(object message, CancellationToken cancellation)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await sending.WaitAsync(cancellation);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellation);
        }
        finally
        {
            sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", grace.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing anyway.
        }
        await receiving;
        socket.Dispose();
        closing.Dispose();
    }
}

/// <summary>
/// graphql-sse in its distinct-connections mode: one POST per operation, answered by a stream of next events and a
/// complete. Each event goes to the handler as it arrives; comment lines (heartbeats) are skipped.
/// </summary>
public static class SseOperation
{
    /// <summary>Runs the operation until its stream completes or ends; null, or what went wrong.</summary>
    public static async Task<string?> Run(HttpClient http, Uri stream, string token, string query, object? variables,
        Action<LiveMessage> handle, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stream)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { query, variables })),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        if (!response.IsSuccessStatusCode)
            return $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}";
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation), Encoding.UTF8);
        string? type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is null) continue;
                var (at, wall) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
                using (var json = data.Length == 0 ? null : JsonDocument.Parse(data.ToString()))
                    handle(new LiveMessage(type, null, json?.RootElement.Clone() ?? default, at, wall));
                if (type == "complete") return null;
                (type, data) = (null, data.Clear());
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line.AsSpan(5).TrimStart());
        }
        return "the stream ended without complete";
    }
}
