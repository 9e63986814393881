using GraphQL;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Marketplace.Api.Infrastructure.GraphQL.Answers;
using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using System.Text.Json;

namespace Marketplace.Api.Infrastructure.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP, written by hand (docs/adr/0004): POST JSON for everything, GET for queries only,
/// application/graphql-response+json or application/json answers with the status codes the spec asks for.
/// </summary>
public sealed class GraphQLEndpoint(
    IDocumentExecuter executer,
    ISchema schema,
    IGraphQLTextSerializer serializer,
    IWebHostEnvironment environment,
    MarketplaceErrorMapper errors,
    ValidatedDocuments documents,
    PersistedDocuments persisted,
    AnswerCache answers,
    IAnswerPolicy publicAnswers,
    IConfiguration configuration)
{
    public const int MaxBodyBytes = 1 << 20;
    private TimeSpan ExecutionTimeout { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("GraphQL:TimeoutMilliseconds", 15_000));

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (http.WebSockets.IsWebSocketRequest && http.RequestServices.GetService<IGraphQLWebSocket>() is { } sockets)
        {
            await sockets.HandleAsync(http);
            return;
        }
        if (HttpMethods.IsGet(request.Method) && !request.Query.ContainsKey("query") && !request.Query.ContainsKey("documentId")
            && MediaTypes.WantsHtml(request.Headers.Accept))
        {
            // Typed explicitly: every response says nosniff, so an untyped page is shown as its source.
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.SendFileAsync(environment.WebRootFileProvider.GetFileInfo("graphiql/index.html"));
            return;
        }

        var mediaType = MediaTypes.Negotiate(request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteRequestError(http, StatusCodes.Status406NotAcceptable, MediaTypes.Json, "NOT_ACCEPTABLE",
                $"Accept {MediaTypes.GraphQLResponse} or {MediaTypes.Json}.");
            return;
        }

        GraphQLHttpRequest graphQLRequest;
        try
        {
            graphQLRequest = await ReadRequest(http);
        }
        catch (HttpError e)
        {
            if (e.Status == StatusCodes.Status405MethodNotAllowed) http.Response.Headers.Allow = e.Allow;
            await WriteRequestError(http, e.Status, mediaType, e.Code, e.Message);
            return;
        }
        catch (BadRequest e)
        {
            await WriteRequestError(http, StatusCodes.Status400BadRequest, mediaType, "BAD_REQUEST", e.Message);
            return;
        }

        var (resolved, code, message) = persisted.Resolve(graphQLRequest);
        if (resolved is null)
        {
            await WriteRequestError(http, mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
                mediaType, code, message);
            return;
        }
        graphQLRequest = resolved;

        var validated = documents.Find(graphQLRequest.Query);
        GraphQLDocument document;
        try
        {
            document = validated ?? Parser.Parse(graphQLRequest.Query);
        }
        catch (Exception e)
        {
            // Parsed once, here; the parser's own message says where. Text that breaks the parser itself is a parse failure too.
            await WriteRequestError(http, mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
                mediaType, "GRAPHQL_PARSE_FAILED", e is GraphQLSyntaxErrorException syntax ? syntax.Description : "The document could not be parsed.");
            return;
        }
        var operation = SelectedOperation(document, graphQLRequest.OperationName);
        if (HttpMethods.IsGet(request.Method) && operation is { Operation: not OperationType.Query })
        {
            http.Response.Headers.Allow = "POST";
            await WriteRequestError(http, StatusCodes.Status405MethodNotAllowed, mediaType, "METHOD_NOT_ALLOWED",
                "Only queries may be sent with GET; send mutations with POST.");
            return;
        }

        if (operation is { Operation: OperationType.Subscription })
        {
            await WriteRequestError(http, mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
                mediaType, "SUBSCRIPTION_REQUIRES_STREAM",
                "A subscription is a stream: send it to /graphql/stream with Accept: text/event-stream (graphql-sse), " +
                "or over a WebSocket to this path with the subprotocol graphql-transport-ws (graphql-ws).");
            return;
        }

        var auth = await http.AuthenticateAsync();
        if (request.Headers.Authorization.Count > 0 && !auth.Succeeded)
        {
            await WriteRequestError(http, StatusCodes.Status401Unauthorized, mediaType, "UNAUTHENTICATED",
                "The bearer token is invalid or has expired.");
            return;
        }

        // Only an anonymous caller's answer is everyone's; a query of public fields only may be kept (docs/adr/0032). An
        // answer is stored only for such a query, so a key found needs no second look at the document.
        var key = AnswerKeyFor(request, auth.Principal, operation, graphQLRequest);
        if (key is { } known && answers.Find(known) is { } kept)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = mediaType + "; charset=utf-8";
            await http.Response.Body.WriteAsync(kept, http.RequestAborted);
            return;
        }
        var stamp = key is not null && publicAnswers.Scope(schema, document, operation!, graphQLRequest.Variables) is { } scope
            ? answers.Begin(scope)
            : null;

        var actor = Actor.From(auth.Principal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(ExecutionTimeout);
        // The span's name is only worked out when something listens (tracing is off by default).
        using var span = Hosting.Telemetry.GraphQL.HasListeners()
            ? Hosting.Telemetry.StartGraphQLOperation(
                operation?.Operation.ToString().ToLowerInvariant(), graphQLRequest.OperationName ?? operation?.Name?.StringValue
                    ?? (operation?.SelectionSet.Selections.FirstOrDefault() as GraphQLField)?.Name.StringValue)
            : null;
        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(options =>
            {
                options.Marketplace(schema, graphQLRequest.Query, document, validated is not null, http.RequestServices, actor, timeout.Token, errors);
                options.OperationName = graphQLRequest.OperationName;
                options.Variables = graphQLRequest.Variables;
                options.Extensions = graphQLRequest.Extensions;
                options.User = auth.Principal;
            });
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await WriteRequestError(http, StatusCodes.Status503ServiceUnavailable, mediaType, "TIMEOUT",
                $"The request took longer than {ExecutionTimeout.TotalMilliseconds:0} ms and was stopped.");
            return;
        }

        if (result.Errors is { Count: > 0 } failures) span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failures[0].Code);
        if (validated is null && result.Executed) documents.Remember(graphQLRequest.Query, document);
        // A request that never reached execution (syntax, validation, variable coercion) is the client's fault.
        http.Response.StatusCode = !result.Executed && mediaType == MediaTypes.GraphQLResponse
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        if (key is { } fresh && stamp is not null && result is { Executed: true, Errors: null or { Count: 0 } })
        {
            using var buffer = new MemoryStream();
            await serializer.WriteAsync(buffer, result, http.RequestAborted);
            var answer = buffer.ToArray();
            answers.Store(fresh, stamp, answer);
            await http.Response.Body.WriteAsync(answer, http.RequestAborted);
            return;
        }
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>The cache's key for an anonymous query while the cache is on; else null.</summary>
    private AnswerKey? AnswerKeyFor(HttpRequest request, System.Security.Claims.ClaimsPrincipal? user, GraphQLOperationDefinition? operation,
        GraphQLHttpRequest graphQLRequest)
    {
        if (!answers.Active || operation is not { Operation: OperationType.Query } || request.Headers.Authorization.Count > 0
            || user?.Identity?.IsAuthenticated == true)
            return null;
        return new AnswerKey(graphQLRequest.Query, graphQLRequest.OperationName,
            graphQLRequest.Variables is null ? "" : serializer.Serialize(graphQLRequest.Variables),
            graphQLRequest.Extensions is null ? "" : serializer.Serialize(graphQLRequest.Extensions));
    }

    private static async Task<GraphQLHttpRequest> ReadRequest(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method)) return GraphQLRequestReader.FromQueryString(request.Query);
        if (!HttpMethods.IsPost(request.Method))
            throw new HttpError(StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Use GET or POST.", "GET, POST");
        if (!MediaTypes.IsJsonContent(request.ContentType))
            throw new HttpError(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                "Send the request as application/json (UTF-8).");
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new BadRequest("The request body is empty.");
        try
        {
            using var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return GraphQLRequestReader.FromJson(json.RootElement);
        }
        catch (JsonException)
        {
            throw new BadRequest("The request body is not valid JSON.");
        }
    }

    private static HttpError TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", $"The request body exceeds {MaxBodyBytes} bytes.");

    private static GraphQLOperationDefinition? SelectedOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    private async Task WriteRequestError(HttpContext http, int status, string mediaType, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = code });
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private sealed class HttpError(int status, string code, string message, string allow = "") : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
        public string Allow { get; } = allow;
    }
}

/// <summary>What serves a WebSocket opened at the endpoint's path (the graphql-ws protocol, in Live).</summary>
public interface IGraphQLWebSocket
{
    Task HandleAsync(HttpContext http);
}

public static class GraphQLEndpointRouting
{
    public static IEndpointConventionBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder app, string path)
    {
        // A manifest that does not load, or whose hashes do not match, stops the start-up rather than the first request.
        app.ServiceProvider.GetRequiredService<PersistedDocuments>();
        return app.Map(path, (HttpContext http, GraphQLEndpoint endpoint) => endpoint.HandleAsync(http));
    }
}
