using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Infrastructure.GraphQL.Http;

/// <summary>
/// Documents registered ahead of time, which a client names by <c>documentId</c> instead of sending their text, as the
/// GraphQL-over-HTTP persisted-documents convention has it. They come from manifests (<c>GraphQL__PersistedDocuments__0</c>,
/// <c>__1</c>, …: JSON objects of hash → document text, as graphql-codegen's client preset writes them with
/// <c>persistedDocuments: true</c>). An id is <c>sha256:&lt;hex&gt;</c> or the bare hex; each entry's hash is checked
/// against its text when the node starts. With <c>GraphQL__OnlyPersistedDocuments=true</c> the node runs nothing else.
/// </summary>
public sealed class PersistedDocuments
{
    private readonly Dictionary<string, string> byHash = new(StringComparer.OrdinalIgnoreCase);

    public bool Only { get; }

    public int Count => byHash.Count;

    public PersistedDocuments(IConfiguration configuration, IWebHostEnvironment environment)
    {
        Only = configuration.GetValue("GraphQL:OnlyPersistedDocuments", false);
        foreach (var path in configuration.GetSection("GraphQL:PersistedDocuments").Get<string[]>() ?? [])
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
            using var manifest = JsonDocument.Parse(File.ReadAllText(full));
            foreach (var entry in manifest.RootElement.EnumerateObject())
            {
                var text = entry.Value.GetString() ?? throw new InvalidOperationException($"{path}: the document of {entry.Name} is not a string.");
                var hash = Hash(text);
                if (!string.Equals(Bare(entry.Name), hash, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"{path}: {entry.Name} is not the SHA-256 of its document (that is {hash}).");
                byHash[hash] = text;
            }
        }
    }

    /// <summary>
    /// The request with the text of the document it names, or as it is when it sends its text; a refusal (its code and
    /// message) when it names an unknown document, or sends text to a node that runs registered documents only.
    /// </summary>
    public (GraphQLHttpRequest? Request, string Code, string Message) Resolve(GraphQLHttpRequest request)
    {
        if (request.DocumentId is { } documentId)
            return Find(documentId) is { } registered
                ? (request with { Query = registered }, "", "")
                : (null, "PERSISTED_DOCUMENT_NOT_FOUND", $"No document is registered as '{documentId}'.");
        return Only
            ? (null, "PERSISTED_DOCUMENT_REQUIRED", "This server runs registered documents only: send a 'documentId' instead of the query's text.")
            : (request, "", "");
    }

    /// <summary>The registered document's text, or null.</summary>
    public string? Find(string documentId) => byHash.GetValueOrDefault(Bare(documentId));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Bare(string id) => id.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? id[7..] : id;
}
