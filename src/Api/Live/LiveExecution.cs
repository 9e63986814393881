using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using System.Security.Claims;
using System.Threading.Channels;

namespace Marketplace.Api.Live;

/// <summary>Who holds a stream: the actor, and when their sign-in stops being good (a token's expiry).</summary>
public sealed record LiveCaller(Actor Actor, DateTimeOffset? Expires)
{
    public Guid Identity => LiveLimits.Identity(Actor);
}

/// <summary>
/// What both stream transports share (graphql-sse and graphql-ws): who is calling, and running one operation. A
/// subscription runs with a service scope of its own for as long as it lives, so its reads never share a session with
/// another subscription's; queries and mutations are answered once, as at /graphql.
/// </summary>
public sealed class LiveExecution(IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer, MarketplaceErrorMapper errors,
    ValidatedDocuments documents, PersistedDocuments persisted, IServiceScopeFactory scopes)
{
    public IGraphQLTextSerializer Serializer => serializer;

    /// <summary>
    /// The bearer token given (a header, or graphql-ws's connection_init), else, where <paramref name="session"/> allows it,
    /// the session cookie of the pages. A token that does not hold is refused (null); no token and no session is the
    /// anonymous caller. Only a page's EventSource (a GET, which runs no mutation) is read with the cookie: a WebSocket's
    /// handshake is not guarded by CORS, so a cookie there would let another site subscribe as the visitor.
    /// </summary>
    public async Task<LiveCaller?> Authenticate(HttpContext http, string? authorization, bool session = false)
    {
        if (authorization is { Length: > 0 })
        {
            // A token given after the request began (graphql-ws): the request's handlers already answered for it, so
            // ask fresh ones, on a request of their own.
            await using var scope = scopes.CreateAsyncScope();
            var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            probe.Request.Headers.Authorization = authorization;
            var given = await probe.AuthenticateAsync();
            return given.Succeeded ? new LiveCaller(Actor.From(given.Principal), Expiry(given.Principal!) ?? given.Properties?.ExpiresUtc) : null;
        }
        if (http.Request.Headers.Authorization.Count > 0)
        {
            var auth = await http.AuthenticateAsync();
            if (!auth.Succeeded) return null;
            return new LiveCaller(Actor.From(auth.Principal), Expiry(auth.Principal!) ?? auth.Properties?.ExpiresUtc);
        }
        return session && await AccountActor.FromSession(http) is { } signedIn ? new LiveCaller(signedIn, null) : new LiveCaller(Actor.Anonymous, null);
    }

    private static DateTimeOffset? Expiry(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue("exp"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Runs one operation: a stream for a subscription, else its one result. A GET runs no mutation.</summary>
    public async Task<LiveResult> Execute(LiveCaller caller, GraphQLHttpRequest request, CancellationToken cancellation, bool readOnly = false)
    {
        var (resolved, code, message) = persisted.Resolve(request);
        if (resolved is null) return LiveResult.Refused(code, message);
        request = resolved;

        var validated = documents.Find(request.Query);
        GraphQLDocument document;
        try
        {
            document = validated ?? GraphQLParser.Parser.Parse(request.Query);
        }
        catch (Exception e)
        {
            return LiveResult.Refused("GRAPHQL_PARSE_FAILED", e is GraphQLParser.Exceptions.GraphQLSyntaxErrorException syntax ? syntax.Description : "The document could not be parsed.");
        }

        if (readOnly && document.Definitions.OfType<GraphQLOperationDefinition>()
                .Any(o => o.Operation == OperationType.Mutation && (request.OperationName is null || o.Name?.StringValue == request.OperationName)))
            return LiveResult.Refused("METHOD_NOT_ALLOWED", "Only queries and subscriptions may be sent with GET; send mutations with POST.");

        var scope = scopes.CreateAsyncScope();
        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(options =>
            {
                options.Marketplace(schema, request.Query, document, validated is not null, scope.ServiceProvider, caller.Actor, cancellation, errors);
                options.OperationName = request.OperationName;
                options.Variables = request.Variables;
                options.Extensions = request.Extensions;
            });
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
        if (validated is null && result.Executed) documents.Remember(request.Query, document);
        if (result.Streams is { Count: > 0 } streams) return new LiveResult(null, streams.Values.First(), scope);
        await scope.DisposeAsync();
        return new LiveResult(result, null, null);
    }

    public static ExecutionResult Error(string code, string message)
    {
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = code });
        return result;
    }
}

/// <summary>One result (<see cref="Single"/>) or a stream of them, with the scope that lives as long as the stream.</summary>
public sealed record LiveResult(ExecutionResult? Single, IObservable<ExecutionResult>? Stream, AsyncServiceScope? Scope)
{
    public static LiveResult Refused(string code, string message) => new(LiveExecution.Error(code, message), null, null);

    /// <summary>Validation and other failures before anything ran: the transports send these as errors, not results.</summary>
    public bool Rejected => Single is { Executed: false };

    /// <summary>
    /// Each result of the stream in order, then null when it completes. Disposing the subscription (the client ended it, the
    /// connection closed) ends the reading.
    /// </summary>
    public (ChannelReader<ExecutionResult?> Results, IDisposable Subscription) Read()
    {
        var channel = Channel.CreateUnbounded<ExecutionResult?>(new UnboundedChannelOptions { SingleReader = true });
        var subscription = Stream!.Subscribe(new Forward(channel.Writer));
        return (channel.Reader, subscription);
    }

    public async ValueTask End(IDisposable? subscription)
    {
        subscription?.Dispose();
        if (Scope is { } scope) await scope.DisposeAsync();
    }

    private sealed class Forward(ChannelWriter<ExecutionResult?> writer) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => writer.TryWrite(value);

        public void OnError(Exception error)
        {
            writer.TryWrite(error is Marketplace.Domain.Common.DomainException refused
                ? LiveExecution.Error(refused.Code, refused.Message)
                : LiveExecution.Error("INTERNAL", "The subscription failed."));
            writer.TryWrite(null);
        }

        public void OnCompleted() => writer.TryWrite(null);
    }
}
