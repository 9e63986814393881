using Microsoft.AspNetCore.TestHost;
using Shouldly;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

/// <summary>One server-sent event: its name (next, complete) and its data.</summary>
public sealed record SseEvent(string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}

/// <summary>Reads a text/event-stream response event by event (comments are heartbeats, counted apart).</summary>
public sealed class SseReader(HttpResponseMessage response) : IAsyncDisposable
{
    private readonly StreamReader reader = new(response.Content.ReadAsStream());

    public HttpResponseMessage Response => response;
    public int Heartbeats { get; private set; }

    public async Task<SseEvent?> Next(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        string name = "message";
        var data = new StringBuilder();
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line is null) return null;
            if (line.Length == 0)
            {
                if (data.Length == 0 && name == "message") continue;
                return new SseEvent(name, data.ToString());
            }
            if (line.StartsWith(':')) { Heartbeats++; continue; }
            if (line.StartsWith("event:")) name = line[6..].Trim();
            else if (line.StartsWith("data:")) data.Append(line[5..].TrimStart());
        }
    }

    /// <summary>Every event until complete (or the stream's end).</summary>
    public async Task<List<SseEvent>> UntilComplete(TimeSpan? within = null)
    {
        var events = new List<SseEvent>();
        while (await Next(within) is { } next)
        {
            events.Add(next);
            if (next.Event == "complete") break;
        }
        return events;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public static class LiveClients
{
    /// <summary>graphql-sse, distinct connections: POST the operation, read its stream.</summary>
    public static async Task<SseReader> Stream(this HttpClient http, string query, object? variables = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql/stream") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return new SseReader(await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
    }

    public static HttpClient StreamingClient(this AppFixture app)
    {
        var client = app.Host.Server.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        return client;
    }

    public static async Task<WsClient> WebSocket(this AppFixture app, string protocol = "graphql-transport-ws")
    {
        var client = app.Host.Server.CreateWebSocketClient();
        client.SubProtocols.Add(protocol);
        return new WsClient(await client.ConnectAsync(new Uri(app.Host.Server.BaseAddress, "/graphql"), CancellationToken.None));
    }
}

/// <summary>A graphql-ws conversation, message by message.</summary>
public sealed class WsClient(WebSocket socket) : IAsyncDisposable
{
    public WebSocket Socket => socket;

    /// <summary>The server's pings received (and answered) so far.</summary>
    public int Pings { get; private set; }

    public Task Send(object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message other than a ping (answered), or null when the server closed.</summary>
    public async Task<JsonElement?> Receive(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close) return null;
                message.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);
            var json = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            if (json.GetProperty("type").GetString() == "ping") { Pings++; await Send(new { type = "pong" }); continue; }
            return json;
        }
    }

    public async Task<List<JsonElement>> UntilComplete(string id)
    {
        var messages = new List<JsonElement>();
        while (await Receive() is { } message)
        {
            if (message.TryGetProperty("id", out var of) && of.GetString() != id) continue;
            messages.Add(message);
            if (message.GetProperty("type").GetString() is "complete" or "error") break;
        }
        return messages;
    }

    public async Task Init(string? token)
    {
        await Send(token is null ? new { type = "connection_init" } : new { type = "connection_init", payload = (object)new { Authorization = $"Bearer {token}" } });
        var ack = await Receive();
        ack!.Value.GetProperty("type").GetString().ShouldBe("connection_ack");
    }

    public async ValueTask DisposeAsync()
    {
        try { if (socket.State == WebSocketState.Open) await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException) { }
        socket.Dispose();
    }
}
