using Marketplace.Api.Infrastructure.Embeddings;

namespace Marketplace.Api.Meaning;

/// <summary>
/// Search words as vectors, the recent ones kept: encoding a query costs about 10 ms of one core (and waits behind any
/// encoding the daemon is doing), and the same few searches come again and again. The model ignores case and runs of
/// spaces, so the cache does too. Least recently used out first.
/// </summary>
public sealed class QueryVectors(TextEncoder encoder)
{
    public const int Capacity = 1_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> _entries = [];
    private readonly LinkedList<(string Key, float[] Vector)> _recent = [];

    public float[] For(string text, CancellationToken cancellation)
    {
        var key = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var hit))
            {
                _recent.Remove(hit);
                _recent.AddFirst(hit);
                return hit.Value.Vector;
            }
        }
        var vector = encoder.EncodeForRequest(key, cancellation);
        lock (_gate)
        {
            if (_entries.ContainsKey(key)) return vector;
            _entries[key] = _recent.AddFirst((key, vector));
            if (_entries.Count > Capacity)
            {
                _entries.Remove(_recent.Last!.Value.Key);
                _recent.RemoveLast();
            }
        }
        return vector;
    }
}
