using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using Marketplace.Domain.Common;
using Marten.Exceptions;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>Maps the domain's exception family to <c>extensions.code</c>; anything else is INTERNAL, without detail.</summary>
public sealed class MarketplaceErrorMapper(ILogger<MarketplaceErrorMapper> logger)
{
    public Task Map(UnhandledExceptionContext context)
    {
        var exception = context.OriginalException is AggregateException { InnerExceptions.Count: 1 } aggregate
            ? aggregate.InnerExceptions[0]
            : context.OriginalException;
        context.Exception = exception! switch
        {
            ValidationFailed v => Error(v.Code, v.Message, ("field", v.Field)),
            Conflict c => Error(c.Code, c.Message, ("currentVersion", c.CurrentVersion)),
            AlreadyApplied a => Error(a.Code, a.Message, ("applicationId", a.ApplicationId.ToString())),
            DomainException d => Error(d.Code, d.Message),
            JasperFx.DocumentAlreadyExistsException or MartenCommandException { InnerException: Npgsql.PostgresException { SqlState: "23505" } } =>
                Error("CONFLICT", "Something with the same unique key already exists."),
            ExistingStreamIdCollisionException => Error("CONFLICT", "It already exists, or a simultaneous request created it first."),
            JasperFx.ConcurrencyException => Error("CONFLICT", "The object was changed by someone else at the same time; try again."),
            _ when DatabaseUnreachable(exception) => Unavailable(exception),
            _ => Internal(exception),
        };
        return Task.CompletedTask;
    }

    /// <summary>A connection that could not be made or was cut: the client may retry the same request later.</summary>
    private static bool DatabaseUnreachable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException
                || exception is Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" })
                return true;
        return false;
    }

    private ExecutionError Unavailable(Exception exception)
    {
        logger.LogWarning("A GraphQL request failed because the database is unreachable: {Message}", exception.Message);
        return Error("UNAVAILABLE", "The service cannot reach its database right now. Try again shortly; a mutation retried with the same idempotencyKey is applied at most once.");
    }

    private ExecutionError Internal(Exception exception)
    {
        logger.LogError(exception, "Unhandled error while executing a GraphQL request");
        return Error("INTERNAL", "An internal error occurred.");
    }

    internal static ExecutionError Error(string code, string message, params (string Key, object Value)[] extensions)
    {
        var error = new ExecutionError(message) { Code = code };
        if (extensions.Length > 0) error.Extensions = extensions.ToDictionary(e => e.Key, e => (object?)e.Value);
        return error;
    }
}

/// <summary>Stable codes for the errors GraphQL.NET raises itself; exception details never reach a client (they are logged).</summary>
public sealed class MarketplaceErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeCode = true,
    ExposeCodes = false,
    ExposeData = false,
    ExposeExceptionDetails = false,
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var extensions = info.Extensions ?? new Dictionary<string, object?>();
        extensions["code"] = executionError switch
        {
            global::GraphQL.Execution.SyntaxError => "GRAPHQL_PARSE_FAILED",
            InvalidVariableError => "VALIDATION_FAILED",
            ValidationError or DocumentError => "GRAPHQL_VALIDATION_FAILED",
            _ when executionError.Code is { Length: > 0 } code && code == code.ToUpperInvariant() && IsOurs(code) => code,
            _ => "INTERNAL",
        };
        if (executionError.Extensions is { Count: > 0 } ours)
            foreach (var (key, value) in ours) extensions[key] = value;
        return new ErrorInfo { Message = info.Message, Extensions = extensions };
    }

    private static readonly HashSet<string> Codes =
    [
        "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_FAILED", "ALREADY_APPLIED", "CONFLICT",
        "RULE_VIOLATION", "RATE_LIMITED", "INTERNAL", "BAD_REQUEST", "NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE",
        "METHOD_NOT_ALLOWED", "PAYLOAD_TOO_LARGE", "TIMEOUT", "UNAVAILABLE", "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED",
        "PERSISTED_DOCUMENT_NOT_FOUND", "PERSISTED_DOCUMENT_REQUIRED", "SUBSCRIPTION_REQUIRES_STREAM",
    ];

    private static bool IsOurs(string code) => Codes.Contains(code);
}
