using System.Text;
using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Domain.Submissions;

/// <summary>
/// How much of one text reappears in another, to flag a submission that is a near-copy of another
/// candidate's. Word 5-grams survive moved sections and a few edited words, but not a genuine rewrite.
/// </summary>
public static class Similarity
{
    private const int ShingleSize = 5;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static double Jaccard(string? a, string? b) => Jaccard(Shingles(a), Shingles(b));

    /// <summary>Shared shingles over all shingles, 0 to 1; two empty texts are not "the same work", so 0.</summary>
    public static double Jaccard(IReadOnlySet<long> a, IReadOnlySet<long> b)
    {
        if (a.Count == 0 && b.Count == 0) return 0;
        var (smaller, larger) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = smaller.Count(larger.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>
    /// FNV-1a hashes of the word 5-grams (single words for texts under five words). Not string.GetHashCode,
    /// which is randomised per process: these hashes are stored and compared across processes.
    /// </summary>
    public static IReadOnlySet<long> Shingles(string? text)
    {
        var words = ContentSignals.Words(text);
        var size = words.Count < ShingleSize ? 1 : ShingleSize;
        var shingles = new HashSet<long>();
        for (var i = 0; i + size <= words.Count; i++)
            shingles.Add(Fnv1a(string.Join(' ', words.GetRange(i, size))));
        return shingles;
    }

    private static long Fnv1a(string shingle)
    {
        var hash = FnvOffset;
        foreach (var b in Encoding.UTF8.GetBytes(shingle))
            hash = unchecked((hash ^ b) * FnvPrime);
        return unchecked((long)hash);
    }
}
