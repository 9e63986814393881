using System.Buffers.Binary;

namespace Marketplace.Domain.Submissions;

/// <summary>
/// MinHash signatures of a text's shingles, cut into LSH bands, so the copy check compares a submission only with the
/// work that shares a band with it instead of with the whole challenge. A row of the signature agrees between two texts
/// with probability equal to their Jaccard J, so two texts share at least one of the 32 bands of 4 rows with
/// probability 1 - (1 - J⁴)³²: 1 - 5·10⁻⁸ at the 0.8 threshold, 0.87 at 0.5, 0.23 at 0.3, 0.03 at 0.2.
/// Fixed seeds and a fixed mix, never string.GetHashCode: bands are stored and compared across processes and rebuilds.
/// </summary>
public static class MinHash
{
    public const int Bands = 32;
    public const int Rows = 4;
    public const int Size = Bands * Rows;

    private static readonly ulong[] Seeds = SeedsFrom(0x5EED_C0DE_2022_0022UL);

    /// <summary>For each of the <see cref="Size"/> hash functions, the least hash of any shingle; empty for no shingles.</summary>
    public static ulong[] Signature(ReadOnlySpan<long> shingles)
    {
        if (shingles.IsEmpty) return [];
        var signature = new ulong[Size];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var shingle in shingles)
            for (var i = 0; i < Size; i++)
            {
                var hash = Mix((ulong)shingle ^ Seeds[i]);
                if (hash < signature[i]) signature[i] = hash;
            }
        return signature;
    }

    /// <summary>
    /// One key a band: a hash of the challenge, the band's number and its rows, as 16 hex digits. The challenge is in the
    /// key so that one lookup of the keys finds only its own challenge's work; a text without shingles has no keys and is
    /// never found. Keys that collide only add work to compare exactly, never hide any.
    /// </summary>
    public static string[] BandKeys(Guid challengeId, ReadOnlySpan<long> shingles)
    {
        var signature = Signature(shingles);
        if (signature.Length == 0) return [];
        Span<byte> id = stackalloc byte[16];
        challengeId.TryWriteBytes(id);
        var challenge = Mix(BinaryPrimitives.ReadUInt64LittleEndian(id) ^ Mix(BinaryPrimitives.ReadUInt64LittleEndian(id[8..])));
        var keys = new string[Bands];
        for (var band = 0; band < Bands; band++)
        {
            var key = Mix(challenge ^ (ulong)band);
            for (var row = 0; row < Rows; row++) key = Mix(key ^ signature[band * Rows + row]);
            keys[band] = key.ToString("x16");
        }
        return keys;
    }

    /// <summary>The finaliser of SplitMix64: every bit of the input moves about half the bits of the output.</summary>
    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    private static ulong[] SeedsFrom(ulong state)
    {
        var seeds = new ulong[Size];
        for (var i = 0; i < Size; i++) seeds[i] = Mix(state = unchecked(state + 0x9E3779B97F4A7C15UL));
        return seeds;
    }
}
