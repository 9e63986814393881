using System.Numerics;

namespace Marketplace.Domain.Submissions;

/// <summary>The similarity of two texts' meanings: the dot product of their unit vectors (the cosine), in SIMD.</summary>
public static class Cosine
{
    public static float Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var dot = Vector.Sum(sum);
        for (; i < a.Length; i++) dot += a[i] * b[i];
        return dot;
    }
}
