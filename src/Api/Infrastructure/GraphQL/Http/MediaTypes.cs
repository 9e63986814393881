using Microsoft.Net.Http.Headers;

namespace Marketplace.Api.Infrastructure.GraphQL.Http;

/// <summary>Content negotiation as GraphQL-over-HTTP asks for it.</summary>
public static class MediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// The response type the client accepts, or null when it accepts neither. No Accept header and wildcards mean
    /// application/json, which legacy clients understand.
    /// </summary>
    public static string? Negotiate(IList<string>? acceptHeaders)
    {
        if (acceptHeaders is null || acceptHeaders.Count == 0) return Json;
        if (!MediaTypeHeaderValue.TryParseList(acceptHeaders, out var ranges) || ranges.Count == 0) return Json;
        foreach (var range in ranges.OrderByDescending(r => r.Quality ?? 1.0))
        {
            if (range.Quality is 0) continue;
            var type = range.MediaType.Value?.ToLowerInvariant();
            switch (type)
            {
                case GraphQLResponse: return GraphQLResponse;
                case Json or "application/*" or "*/*": return Json;
            }
        }
        return null;
    }

    public static bool IsJsonContent(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var value)) return false;
        if (!string.Equals(value.MediaType.Value, Json, StringComparison.OrdinalIgnoreCase)) return false;
        var charset = value.Charset.Value;
        return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) ||
               charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    public static bool WantsHtml(IList<string>? acceptHeaders) =>
        acceptHeaders is not null && MediaTypeHeaderValue.TryParseList(acceptHeaders, out var ranges) &&
        ranges.Any(r => string.Equals(r.MediaType.Value, "text/html", StringComparison.OrdinalIgnoreCase));
}
