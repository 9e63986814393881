using GraphQLParser.AST;
using System.Collections.Concurrent;

namespace Marketplace.Api.Infrastructure.GraphQL.Http;

/// <summary>
/// Parsed documents that passed validation, by their exact text: clients send the same few operations over and over,
/// and parsing plus validating them was a fifth of the CPU a simple query cost (docs/performance.md). Bounded, so
/// that clients sending endless distinct documents cannot grow it: once full, new documents are simply not kept.
/// </summary>
public sealed class ValidatedDocuments
{
    public const int Capacity = 2_000;
    public const int MaxLength = 20_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    // Counted here: the dictionary's own Count takes all its locks, on every document not kept yet.
    private int _kept;

    public GraphQLDocument? Find(string query) => _documents.GetValueOrDefault(query);

    public void Remember(string query, GraphQLDocument document)
    {
        if (query.Length <= MaxLength && Volatile.Read(ref _kept) < Capacity && _documents.TryAdd(query, document))
            Interlocked.Increment(ref _kept);
    }
}
