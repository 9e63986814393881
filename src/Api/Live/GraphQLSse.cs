using GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Http;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Marketplace.Api.Live;

/// <summary>
/// GraphQL over Server-Sent Events, as the graphql-sse protocol has it, at <c>/graphql/stream</c>:
/// <list type="bullet">
/// <item>distinct connections: each operation is its own request (POST with JSON and a bearer token, or GET with the query
/// in the URL and the token or the pages' session cookie, running no mutation: what a page's EventSource sends), answered by a stream of <c>next</c> events and a <c>complete</c>;</item>
/// <item>single connection: PUT reserves a stream and answers its token; GET with the token opens it; each operation is a
/// POST with the token and an <c>operationId</c>, its results arrive on the one stream; DELETE stops one.</item>
/// </list>
/// An idle stream says it is alive with a comment every <see cref="LiveLimits.Heartbeat"/>. A token's expiry ends every
/// operation with UNAUTHENTICATED.
/// </summary>
public sealed class GraphQLSse(LiveExecution live, LiveLimits limits, ILogger<GraphQLSse> log)
{
    public const string Path = "/graphql/stream";
    public const string TokenHeader = "x-graphql-event-stream-token";

    private readonly ConcurrentDictionary<string, Reservation> reservations = new();

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var token = request.Headers[TokenHeader].ToString() is { Length: > 0 } header ? header : request.Query["token"].ToString();
        if (HttpMethods.IsPut(request.Method)) await Reserve(http);
        else if (token.Length > 0 && HttpMethods.IsGet(request.Method)) await OpenReserved(http, token);
        else if (token.Length > 0 && HttpMethods.IsPost(request.Method)) await StartReserved(http, token);
        else if (token.Length > 0 && HttpMethods.IsDelete(request.Method)) await StopReserved(http, token);
        else if (HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method)) await Distinct(http);
        else
        {
            http.Response.Headers.Allow = "GET, POST, PUT, DELETE";
            await Refuse(http, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Use GET or POST for an operation, PUT to reserve a stream, DELETE to stop an operation.");
        }
    }

    // ----- distinct connections -----

    private async Task Distinct(HttpContext http)
    {
        if (!AcceptsEvents(http)) { await Refuse(http, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE", "Accept text/event-stream."); return; }
        if (await Read(http) is not { } request) return;
        var get = HttpMethods.IsGet(http.Request.Method);
        if (await Caller(http, session: get) is not { } caller) return;
        var result = await live.Execute(caller, request, http.RequestAborted, readOnly: get);
        if (result.Rejected) { await Refuse(http, StatusCodes.Status400BadRequest, result.Single!); return; }

        StartEvents(http);
        var writer = new EventWriter(http.Response, live.Serializer);
        await Run(result, caller, writer, id: null, http.RequestAborted);
    }

    // ----- single connection -----

    private sealed class Reservation(LiveCaller caller)
    {
        public LiveCaller Caller { get; } = caller;
        public Channel<string> Outgoing { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        public ConcurrentDictionary<string, CancellationTokenSource> Operations { get; } = new();
        public int Opened;
        public readonly CancellationTokenSource Closed = new();
        public DateTimeOffset ReservedAt { get; } = DateTimeOffset.UtcNow;
    }

    private async Task Reserve(HttpContext http)
    {
        if (await Caller(http) is not { } caller) return;
        foreach (var (key, stale) in reservations)
            if (stale.Opened == 0 && stale.ReservedAt < DateTimeOffset.UtcNow.AddMinutes(-1)) reservations.TryRemove(key, out _);
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        reservations[token] = new Reservation(caller);
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(token, http.RequestAborted);
    }

    private async Task OpenReserved(HttpContext http, string token)
    {
        if (!reservations.TryGetValue(token, out var reservation))
        { await Refuse(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No stream is reserved with this token; PUT first."); return; }
        if (Interlocked.Exchange(ref reservation.Opened, 1) == 1)
        { await Refuse(http, StatusCodes.Status409Conflict, "CONFLICT", "This token's stream is already open."); return; }
        StartEvents(http);
        var writer = new EventWriter(http.Response, live.Serializer);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, reservation.Closed.Token);
        try
        {
            await writer.Comment(closed.Token);
            while (!closed.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(closed.Token);
                wait.CancelAfter(limits.Heartbeat);
                try
                {
                    var text = await reservation.Outgoing.Reader.ReadAsync(wait.Token);
                    await writer.Raw(text, closed.Token);
                    while (reservation.Outgoing.Reader.TryRead(out var more)) await writer.Raw(more, closed.Token);
                }
                catch (OperationCanceledException) when (!closed.IsCancellationRequested)
                {
                    await writer.Comment(closed.Token);
                }
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            reservations.TryRemove(token, out _);
            foreach (var operation in reservation.Operations.Values) await operation.CancelAsync();
        }
    }

    private async Task StartReserved(HttpContext http, string token)
    {
        if (!reservations.TryGetValue(token, out var reservation))
        { await Refuse(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No stream is reserved with this token; PUT first."); return; }
        if (await Read(http) is not { } request) return;
        if (await Caller(http) is not { } caller) return;
        if (caller.Identity != reservation.Caller.Identity)
        { await Refuse(http, StatusCodes.Status403Forbidden, "FORBIDDEN", "This stream was reserved by someone else."); return; }
        if (request.Extensions?.TryGetValue("operationId", out var raw) != true || raw is not string id || id.Length is 0 or > 100)
        { await Refuse(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", "Name the operation: extensions.operationId."); return; }
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(reservation.Closed.Token);
        if (!reservation.Operations.TryAdd(id, cancellation))
        { await Refuse(http, StatusCodes.Status409Conflict, "CONFLICT", $"Operation '{id}' is already running on this stream."); return; }

        var result = await live.Execute(caller, request, cancellation.Token);
        if (result.Rejected)
        {
            reservation.Operations.TryRemove(id, out _);
            await Refuse(http, StatusCodes.Status400BadRequest, result.Single!);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        await http.Response.CompleteAsync();
        var writer = new ChannelEvents(reservation.Outgoing.Writer, live.Serializer);
        _ = Task.Run(async () =>
        {
            try { await Run(result, caller, writer, id, cancellation.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { }
            catch (Exception e) { log.LogWarning(e, "A streamed operation failed"); }
            finally
            {
                reservation.Operations.TryRemove(id, out _);
                cancellation.Dispose();
            }
        });
    }

    private async Task StopReserved(HttpContext http, string token)
    {
        if (!reservations.TryGetValue(token, out var reservation))
        { await Refuse(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No stream is reserved with this token."); return; }
        if (reservation.Operations.TryRemove(http.Request.Query["operationId"].ToString(), out var operation)) await operation.CancelAsync();
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    // ----- shared -----

    /// <summary>Sends the operation's results (one, or each of its stream) and then complete, until the stream ends,
    /// the client goes, or the caller's sign-in expires.</summary>
    private async Task Run(LiveResult result, LiveCaller caller, IEvents events, string? id, CancellationToken cancellation)
    {
        if (result.Single is { } single)
        {
            await events.Next(id, single, cancellation);
            await events.Complete(id, cancellation);
            return;
        }
        var (results, subscription) = result.Read();
        try
        {
            using var expiry = caller.Expires is { } at ? new CancellationTokenSource(Until(at)) : new CancellationTokenSource();
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellation, expiry.Token);
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
                wait.CancelAfter(limits.Heartbeat);
                ExecutionResult? next;
                try
                {
                    next = await results.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellation.IsCancellationRequested)
                {
                    await events.Next(id, LiveExecution.Error("UNAUTHENTICATED", "Your sign-in expired: sign in again and subscribe anew."), cancellation);
                    break;
                }
                catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                {
                    await events.Heartbeat(cancellation);
                    continue;
                }
                if (next is null) break;
                await events.Next(id, next, cancellation);
            }
            await events.Complete(id, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
        finally
        {
            await result.End(subscription);
        }
    }

    internal static TimeSpan Until(DateTimeOffset at)
    {
        var left = at - DateTimeOffset.UtcNow;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : left;
    }

    private static bool AcceptsEvents(HttpContext http) =>
        http.Request.Headers.Accept.ToString() is var accept && (accept.Contains("text/event-stream") || accept.Contains("*/*") || accept.Length == 0);

    private async Task<GraphQLHttpRequest?> Read(HttpContext http)
    {
        try
        {
            if (HttpMethods.IsGet(http.Request.Method)) return GraphQLRequestReader.FromQueryString(http.Request.Query);
            if (!MediaTypes.IsJsonContent(http.Request.ContentType))
            {
                await Refuse(http, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Send the operation as application/json.");
                return null;
            }
            using var json = await JsonDocument.ParseAsync(new LimitedStream(http.Request.Body, GraphQLEndpoint.MaxBodyBytes), cancellationToken: http.RequestAborted);
            return GraphQLRequestReader.FromJson(json.RootElement);
        }
        catch (BadRequest e)
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", e.Message);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request body is not valid JSON, or is too large.");
        }
        return null;
    }

    private async Task<LiveCaller?> Caller(HttpContext http, bool session = false)
    {
        if (await live.Authenticate(http, null, session) is { } caller) return caller;
        await Refuse(http, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "The bearer token is invalid or has expired.");
        return null;
    }

    private static void StartEvents(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private Task Refuse(HttpContext http, int status, string code, string message) => Refuse(http, status, LiveExecution.Error(code, message));

    private async Task Refuse(HttpContext http, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await live.Serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private interface IEvents
    {
        Task Next(string? id, ExecutionResult result, CancellationToken cancellation);
        Task Complete(string? id, CancellationToken cancellation);
        Task Heartbeat(CancellationToken cancellation);
    }

    private static string NextEvent(IGraphQLTextSerializer serializer, string? id, ExecutionResult result)
    {
        var payload = serializer.Serialize(result);
        return id is null ? $"event: next\ndata: {payload}\n\n" : $"event: next\ndata: {{\"id\":{JsonSerializer.Serialize(id)},\"payload\":{payload}}}\n\n";
    }

    private static string CompleteEvent(string? id) =>
        id is null ? "event: complete\ndata:\n\n" : $"event: complete\ndata: {{\"id\":{JsonSerializer.Serialize(id)}}}\n\n";

    /// <summary>Straight onto a distinct connection's response.</summary>
    private sealed class EventWriter(HttpResponse response, IGraphQLTextSerializer serializer) : IEvents
    {
        public Task Next(string? id, ExecutionResult result, CancellationToken cancellation) => Raw(NextEvent(serializer, id, result), cancellation);
        public Task Complete(string? id, CancellationToken cancellation) => Raw(CompleteEvent(id), cancellation);
        public Task Heartbeat(CancellationToken cancellation) => Comment(cancellation);
        public Task Comment(CancellationToken cancellation) => Raw(":\n\n", cancellation);

        public async Task Raw(string text, CancellationToken cancellation)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellation);
            await response.Body.FlushAsync(cancellation);
        }
    }

    /// <summary>Onto a single connection's queue; the open stream writes it (and beats for all its operations).</summary>
    private sealed class ChannelEvents(ChannelWriter<string> writer, IGraphQLTextSerializer serializer) : IEvents
    {
        public Task Next(string? id, ExecutionResult result, CancellationToken cancellation) => Write(NextEvent(serializer, id, result));
        public Task Complete(string? id, CancellationToken cancellation) => Write(CompleteEvent(id));
        public Task Heartbeat(CancellationToken cancellation) => Task.CompletedTask;

        private Task Write(string text)
        {
            writer.TryWrite(text);
            return Task.CompletedTask;
        }
    }

    /// <summary>Stops reading a body past its limit.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            read += n;
            if (read > limit) throw new IOException("The request body is too large.");
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
