using GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Http;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Live;

/// <summary>
/// GraphQL over WebSocket, as the graphql-ws protocol (subprotocol <c>graphql-transport-ws</c>) has it, at <c>/graphql</c>:
/// connection_init (with <c>Authorization</c> in its payload, or the page's session cookie) within
/// <see cref="LiveLimits.InitTimeout"/>, then subscribe / next / error / complete per operation, and ping / pong both ways.
/// Protocol breaches close the socket with the protocol's codes (4400, 4401, 4403, 4408, 4409, 4429). A token's expiry ends
/// every operation with UNAUTHENTICATED and closes the socket (4403).
/// </summary>
public sealed class GraphQLWs(LiveExecution live, LiveLimits limits, ILogger<GraphQLWs> log) : IGraphQLWebSocket
{
    public const string Protocol = "graphql-transport-ws";

    public static bool Wants(HttpContext http) => http.WebSockets.IsWebSocketRequest;

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "application/json; charset=utf-8";
            await live.Serializer.WriteAsync(http.Response.Body,
                LiveExecution.Error("BAD_REQUEST", $"Ask for the WebSocket subprotocol {Protocol} (the graphql-ws protocol)."), http.RequestAborted);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = Protocol, KeepAliveInterval = TimeSpan.Zero });
        await new Connection(http, socket, live, limits, log).Run();
    }

    private sealed class Connection(HttpContext http, WebSocket socket, LiveExecution live, LiveLimits limits, ILogger log)
    {
        private readonly SemaphoreSlim sending = new(1, 1);
        private readonly ConcurrentDictionary<string, CancellationTokenSource> operations = new();
        private readonly CancellationTokenSource closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        private LiveCaller? caller;
        private bool initialised;

        public async Task Run()
        {
            using var init = new CancellationTokenSource(limits.InitTimeout);
            _ = init.Token.Register(() => { if (caller is null) _ = Close((WebSocketCloseStatus)4408, "Connection initialisation timeout"); });
            var heartbeat = Heartbeats();
            try
            {
                while (socket.State == WebSocketState.Open && !closing.IsCancellationRequested)
                {
                    var text = await Receive();
                    if (text is null) break;
                    await Handle(text);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
            finally
            {
                await closing.CancelAsync();
                foreach (var operation in operations.Values) await operation.CancelAsync();
                await heartbeat;
            }
        }

        private async Task Handle(string text)
        {
            JsonElement message;
            string? type, id;
            try
            {
                using var json = JsonDocument.Parse(text);
                message = json.RootElement.Clone();
                type = message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                id = message.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            }
            catch (JsonException)
            {
                await Close((WebSocketCloseStatus)4400, "Invalid message received");
                return;
            }
            switch (type)
            {
                case "connection_init":
                    if (initialised) { await Close((WebSocketCloseStatus)4429, "Too many initialisation requests"); return; }
                    initialised = true;
                    var authorization = message.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                        ? Property(payload, "Authorization") ?? Property(payload, "authorization") ?? (Property(payload, "token") is { } bare ? $"Bearer {bare}" : null)
                        : null;
                    if (await live.Authenticate(http, authorization) is not { } who) { await Close((WebSocketCloseStatus)4403, "Forbidden"); return; }
                    caller = who;
                    if (who.Expires is { } at) _ = Task.Delay(GraphQLSse.Until(at), closing.Token).ContinueWith(_ => Expired(), TaskContinuationOptions.OnlyOnRanToCompletion);
                    await Send(new { type = "connection_ack" });
                    return;
                case "ping":
                    await Send(new { type = "pong" });
                    return;
                case "pong":
                    return;
                case "subscribe":
                    if (caller is null) { await Close((WebSocketCloseStatus)4401, "Unauthorized"); return; }
                    if (id is not { Length: > 0 } || !message.TryGetProperty("payload", out var body)) { await Close((WebSocketCloseStatus)4400, "Invalid message received"); return; }
                    GraphQLHttpRequest request;
                    try { request = GraphQLRequestReader.FromJson(body); }
                    catch (BadRequest e) { await Send(new { type = "error", id, payload = new[] { Problem("BAD_REQUEST", e.Message) } }); return; }
                    var cancellation = CancellationTokenSource.CreateLinkedTokenSource(closing.Token);
                    if (!operations.TryAdd(id, cancellation)) { await Close((WebSocketCloseStatus)4409, $"Subscriber for {id} already exists"); return; }
                    _ = Task.Run(() => Operate(id, request, cancellation));
                    return;
                case "complete":
                    if (id is not null && operations.TryRemove(id, out var stopped)) await stopped.CancelAsync();
                    return;
                default:
                    await Close((WebSocketCloseStatus)4400, "Invalid message received");
                    return;
            }
        }

        private async Task Operate(string id, GraphQLHttpRequest request, CancellationTokenSource cancellation)
        {
            try
            {
                var result = await live.Execute(caller!, request, cancellation.Token);
                if (result.Rejected)
                {
                    await Send(new { type = "error", id, payload = Errors(result.Single!) });
                    return;
                }
                if (result.Single is { } single)
                {
                    await SendResult(id, single);
                    await Send(new { type = "complete", id });
                    return;
                }
                var (results, subscription) = result.Read();
                try
                {
                    while (await results.ReadAsync(cancellation.Token) is { } next) await SendResult(id, next);
                    await Send(new { type = "complete", id });
                }
                finally
                {
                    await result.End(subscription);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException) { }
            catch (Exception e) { log.LogWarning(e, "A WebSocket operation failed"); }
            finally
            {
                operations.TryRemove(id, out _);
                cancellation.Dispose();
            }
        }

        private async Task Expired()
        {
            foreach (var id in operations.Keys)
                await Send(new { type = "error", id, payload = new[] { Problem("UNAUTHENTICATED", "Your sign-in expired: sign in again and subscribe anew.") } });
            await Close((WebSocketCloseStatus)4403, "Forbidden: the sign-in expired");
        }

        private async Task Heartbeats()
        {
            try
            {
                while (!closing.IsCancellationRequested)
                {
                    await Task.Delay(limits.Heartbeat, closing.Token);
                    await Send(new { type = "ping" });
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException) { }
        }

        private Task SendResult(string id, ExecutionResult result) =>
            SendText($"{{\"id\":{JsonSerializer.Serialize(id)},\"type\":\"next\",\"payload\":{live.Serializer.Serialize(result)}}}");

        private object[] Errors(ExecutionResult result) =>
            JsonSerializer.Deserialize<JsonElement>(live.Serializer.Serialize(result)).GetProperty("errors").EnumerateArray().Select(e => (object)e.Clone()).ToArray();

        private static object Problem(string code, string message) => new { message, extensions = new { code } };

        private static string? Property(JsonElement payload, string name) =>
            payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private Task Send(object message) => SendText(JsonSerializer.Serialize(message));

        private async Task SendText(string text)
        {
            await sending.WaitAsync(closing.Token);
            try
            {
                if (socket.State == WebSocketState.Open)
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, closing.Token);
            }
            finally
            {
                sending.Release();
            }
        }

        private async Task Close(WebSocketCloseStatus status, string reason)
        {
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException) { }
            await closing.CancelAsync();
        }

        private async Task<string?> Receive()
        {
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return null;
                }
                message.Write(buffer, 0, received.Count);
                if (message.Length > GraphQLEndpoint.MaxBodyBytes) { await Close(WebSocketCloseStatus.MessageTooBig, "Message too big"); return null; }
                if (received.EndOfMessage) return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
