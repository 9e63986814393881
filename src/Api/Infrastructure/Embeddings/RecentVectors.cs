namespace Marketplace.Api.Infrastructure.Embeddings;

/// <summary>
/// The vectors of texts encoded lately, by text, so that a text met again is not encoded again: the feedback job and
/// the daemon encode a submission's passages moments apart, a revised posting keeps most of its passages, and tests
/// submit the same texts over and over. Two generations bound the memory: once the newer holds half the capacity it
/// becomes the older and the older is dropped; a text found in the older is carried into the newer. At the capacity of
/// <see cref="TextEncoder"/> that is at most about 15 MB. Vectors are handed out as copies, so no caller can change what
/// the next one gets.
/// </summary>
public sealed class RecentVectors(int capacity)
{
    private readonly Lock _gate = new();
    private Dictionary<string, float[]> _newer = [], _older = [];

    public float[]? Find(string text)
    {
        lock (_gate)
        {
            if (_newer.TryGetValue(text, out var vector)) return (float[])vector.Clone();
            if (!_older.Remove(text, out vector)) return null;
            Keep(text, vector);
            return (float[])vector.Clone();
        }
    }

    public void Add(string text, float[] vector)
    {
        lock (_gate) Keep(text, (float[])vector.Clone());
    }

    private void Keep(string text, float[] vector)
    {
        if (_newer.Count >= capacity / 2) (_older, _newer) = (_newer, []);
        _newer[text] = vector;
    }
}
