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
    /// <param name="a">Shingles as <see cref="Shingles"/> gives them: distinct and in ascending order.</param>
    /// <param name="b">The same of the other text.</param>
    public static double Jaccard(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        if (a.Length == 0 && b.Length == 0) return 0;
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { shared++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return (double)shared / (a.Length + b.Length - shared);
    }

    /// <summary>
    /// FNV-1a hashes of the word 5-grams (single words for texts under five words), distinct and in ascending order:
    /// a fingerprint compared by one merge. A 5-gram hashes as its words joined by single spaces would, without
    /// building that string: each word's UTF-8 bytes are taken once. Not string.GetHashCode, which is randomised per
    /// process: these hashes are kept and compared across processes.
    /// </summary>
    public static long[] Shingles(string? text)
    {
        var words = ContentSignals.Words(text);
        if (words.Count == 0) return [];
        var size = words.Count < ShingleSize ? 1 : ShingleSize;
        var bytes = new byte[words.Count][];
        for (var w = 0; w < words.Count; w++) bytes[w] = Encoding.UTF8.GetBytes(words[w]);
        var shingles = new long[words.Count - size + 1];
        for (var i = 0; i < shingles.Length; i++)
        {
            var hash = FnvOffset;
            for (var w = i; w < i + size; w++)
            {
                if (w > i) hash = unchecked((hash ^ (byte)' ') * FnvPrime);
                foreach (var b in bytes[w]) hash = unchecked((hash ^ b) * FnvPrime);
            }
            shingles[i] = unchecked((long)hash);
        }
        Array.Sort(shingles);
        var distinct = 0;
        for (var i = 0; i < shingles.Length; i++)
            if (i == 0 || shingles[i] != shingles[distinct - 1]) shingles[distinct++] = shingles[i];
        return distinct == shingles.Length ? shingles : shingles[..distinct];
    }
}
