using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Infrastructure.Identity;
using System.Text.Json;

namespace Marketplace.Api.Infrastructure.Web;

/// <summary>
/// Runs a page's GraphQL document in this process, through the schema, resolvers and access rules that serve /graphql:
/// the pages have no data access of their own (docs/adr/0015).
/// </summary>
public sealed class PageQueries(IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer, MarketplaceErrorMapper errors,
    ValidatedDocuments documents)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> Run<T>(HttpContext http, Actor actor, string document, object? variables = null)
    {
        // The pages' documents are fixed: parsed and validated once, like the clients' documents at /graphql.
        var validated = documents.Find(document);
        var parsed = validated ?? GraphQLParser.Parser.Parse(document);
        var result = await executer.ExecuteAsync(options =>
        {
            options.Marketplace(schema, document, parsed, validated is not null, http.RequestServices, actor, http.RequestAborted, errors);
            options.Variables = variables is null ? null : serializer.Deserialize<Inputs>(JsonSerializer.Serialize(variables, Json));
        });
        if (validated is null && result.Executed) documents.Remember(document, parsed);
        if (result.Errors is { Count: > 0 } failures)
            throw new PageQueryFailed(failures[0].Code ?? "INTERNAL", failures[0].Message)
            {
                Field = failures[0].Extensions?.TryGetValue("field", out var field) == true ? field as string : null,
            };
        using var answer = JsonDocument.Parse(serializer.Serialize(result));
        return answer.RootElement.GetProperty("data").Deserialize<T>(Json)
               ?? throw new PageQueryFailed("INTERNAL", "The query answered no data.");
    }
}

/// <summary>The first error of a page's query, with its <c>extensions.code</c>.</summary>
public sealed class PageQueryFailed(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The offending input field of a VALIDATION_FAILED (<c>extensions.field</c>), so a form shows it there.</summary>
    public string? Field { get; init; }

    /// <summary>Something the caller can mend (bad input, a rule, a refusal), shown on the form; anything else is ours.</summary>
    public bool IsTheCallers => Code is not ("INTERNAL" or "UNAVAILABLE" or "TIMEOUT");

    /// <summary>The status a page answers with when it shows this failure on its form.</summary>
    public int Status => Code == "FORBIDDEN" ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
}
