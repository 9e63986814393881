using GraphQL;
using System.Text.Json;

namespace Marketplace.Api.Infrastructure.GraphQL.Http;

/// <param name="Query">The document's text; empty when the client named a registered document by <paramref name="DocumentId"/>.</param>
public sealed record GraphQLHttpRequest(string Query, string? OperationName, Inputs? Variables, Inputs? Extensions, string? DocumentId = null);

/// <summary>Reads the four request parameters from a JSON body or a query string, rejecting wrong shapes.</summary>
public static class GraphQLRequestReader
{
    public static GraphQLHttpRequest FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new BadRequest("The request body must be a JSON object.");
        try
        {
            var documentId = OptionalString(body, "documentId");
            if (documentId is not null && body.TryGetProperty("query", out var both) && both.ValueKind != JsonValueKind.Null)
                throw new BadRequest("Send either 'query' or 'documentId', not both.");
            return Clean(new GraphQLHttpRequest(
                documentId is null ? RequiredString(body, "query") : "",
                OptionalString(body, "operationName"),
                OptionalMap(body, "variables"),
                OptionalMap(body, "extensions"),
                documentId));
        }
        catch (InvalidOperationException)
        {
            throw new BadRequest("The request contains invalid Unicode.");
        }
    }

    /// <summary>
    /// NUL characters and unpaired surrogates are refused at the door: PostgreSQL cannot store them, and no
    /// legitimate text contains them.
    /// </summary>
    private static GraphQLHttpRequest Clean(GraphQLHttpRequest request)
    {
        if (!IsClean((object?)request.Query) || !IsClean((object?)request.OperationName) || !IsClean(request.Variables) || !IsClean(request.Extensions)
            || !IsClean((object?)request.DocumentId))
            throw new BadRequest("NUL characters and invalid Unicode are not accepted.");
        return request;
    }

    private static bool IsClean(object? value) => value switch
    {
        null => true,
        string text => IsClean(text),
        IEnumerable<KeyValuePair<string, object?>> map => map.All(pair => IsClean(pair.Key) && IsClean(pair.Value)),
        IEnumerable<object?> list => list.All(IsClean),
        _ => true,
    };

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[++i]))) return false;
            if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    public static GraphQLHttpRequest FromQueryString(IQueryCollection query)
    {
        var text = query["query"].ToString();
        var documentId = query["documentId"].ToString();
        if (text.Length > 0 && documentId.Length > 0) throw new BadRequest("Send either 'query' or 'documentId', not both.");
        if (text.Length == 0 && documentId.Length == 0) throw new BadRequest("The query parameter 'query' (or 'documentId') is required.");
        var operationName = query["operationName"].ToString();
        try
        {
            return Clean(new GraphQLHttpRequest(text, operationName.Length == 0 ? null : operationName,
                ParseMap(query["variables"].ToString(), "variables"), ParseMap(query["extensions"].ToString(), "extensions"),
                documentId.Length == 0 ? null : documentId));
        }
        catch (InvalidOperationException)
        {
            throw new BadRequest("The request contains invalid Unicode.");
        }
    }

    private static string RequiredString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new BadRequest($"'{name}' must be a string.");

    private static string? OptionalString(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new BadRequest($"'{name}' must be a string.");
    }

    private static Inputs? OptionalMap(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw new BadRequest($"'{name}' must be an object.");
        return ToInputs(value);
    }

    private static Inputs? ParseMap(string text, string name)
    {
        if (text.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Object => ToInputs(document.RootElement),
                _ => throw new BadRequest($"'{name}' must be a JSON object."),
            };
        }
        catch (JsonException)
        {
            throw new BadRequest($"'{name}' is not valid JSON.");
        }
    }

    private static Inputs ToInputs(JsonElement map) =>
        new(map.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value)));

    private static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt32(out var i) => i,
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}

public sealed class BadRequest(string message) : Exception(message);
