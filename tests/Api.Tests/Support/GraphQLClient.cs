using Alba;

namespace Marketplace.Api.Tests.Support;

public static class GraphQLClient
{
    /// <summary>POSTs a GraphQL request as a client would, optionally with a bearer token.</summary>
    public static async Task<GraphQLResponse> GraphQL(this IAlbaHost host, string query, object? variables = null, string? token = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var result = await host.Scenario(s =>
        {
            s.Post.Json(new { query, variables }).ToUrl("/graphql");
            if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) s.WithRequestHeader(name, value);
            s.IgnoreStatusCode();
        });
        return new GraphQLResponse(result.Context.Response.StatusCode, result.Context.Response.ContentType,
            await result.ReadAsTextAsync());
    }
}
