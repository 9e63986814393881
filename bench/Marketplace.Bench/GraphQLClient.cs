using System.Net;
using System.Text;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>A serialized GraphQL request and the bearer token to send it with.</summary>
public sealed record GraphQLRequest(byte[] Body, string? Authorization)
{
    public static GraphQLRequest Of(string query, object? variables = null, string? token = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(new { query, variables }), token is null ? null : $"Bearer {token}");
}

/// <summary>POSTs to /graphql. A response with an errors array is a failure, whatever its status.</summary>
public sealed class GraphQLClient(HttpClient http, Uri endpoint)
{
    /// <summary>How the problem of a request that timed out begins.</summary>
    public const string NoAnswer = "no answer within";

    /// <summary>Null when the answer has data and no errors; otherwise what went wrong.</summary>
    public async Task<string?> Send(GraphQLRequest request, CancellationToken cancellation) =>
        (await Exchange(request, cancellation)).Problem;

    /// <summary>The data of a request that must succeed (setup).</summary>
    public async Task<JsonElement> Data(GraphQLRequest request, CancellationToken cancellation)
    {
        var (data, problem) = await TryData(request, cancellation);
        return problem is null ? data : throw new BenchFailure(problem);
    }

    /// <summary>The data, or what went wrong instead.</summary>
    public async Task<(JsonElement Data, string? Problem)> TryData(GraphQLRequest request, CancellationToken cancellation)
    {
        var (body, problem) = await Exchange(request, cancellation);
        if (problem is not null) return (default, problem);
        using var document = JsonDocument.Parse(body);
        return (document.RootElement.GetProperty("data").Clone(), null);
    }

    private async Task<(byte[] Body, string? Problem)> Exchange(GraphQLRequest request, CancellationToken cancellation)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (request.Authorization is not null) message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        try
        {
            using var response = await http.SendAsync(message, cancellation);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            return (body, Problem(response.StatusCode, body));
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return ([], $"{NoAnswer} {http.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return ([], e.Message);
        }
    }

    private static string? Problem(HttpStatusCode status, byte[] body)
    {
        var success = (int)status is >= 200 and < 300;
        // Cheap test first: almost every answer under load has no errors at all.
        if (success && body.AsSpan().IndexOf("\"errors\""u8) < 0) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
                return Describe(errors[0]);
            if (success) return null;
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }
        return $"HTTP {(int)status}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))}";
    }

    private static string Describe(JsonElement error)
    {
        var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.GetRawText();
        var code = error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var c) ? c.GetString() : null;
        return code is null ? $"{message}" : $"{code}: {message}";
    }
}

public static class Answers
{
    /// <summary>Whether an answer has the expected shape; a missing or null field means no.</summary>
    public static bool Satisfy(JsonElement data, Func<JsonElement, bool> check)
    {
        try
        {
            return check(data);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
