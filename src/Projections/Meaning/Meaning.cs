namespace Marketplace.Projections.Meaning;

/// <summary>
/// Texts to unit vectors whose dot product is their similarity of meaning. The Api provides the model; projections that
/// store vectors take this seam, so that they know nothing of how vectors are made.
/// </summary>
public interface IEmbedder
{
    float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

/// <summary>Vectors as they are stored: the floats' bytes in base64 (2 KB for 384 dimensions instead of ~4 KB of JSON numbers).</summary>
public static class Vectors
{
    public static string Pack(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
        return Convert.ToBase64String(bytes);
    }

    public static float[] Unpack(string packed)
    {
        var bytes = Convert.FromBase64String(packed);
        var vector = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, vector, 0, bytes.Length);
        return vector;
    }

    /// <summary>The mean of unit vectors, scaled back to unit length: what a set of passages says as a whole.</summary>
    public static float[] Mean(IReadOnlyList<float[]> vectors)
    {
        if (vectors.Count == 0) return [];
        var mean = new float[vectors[0].Length];
        foreach (var vector in vectors)
            for (var i = 0; i < mean.Length; i++) mean[i] += vector[i];
        var norm = MathF.Sqrt(mean.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < mean.Length; i++) mean[i] /= norm;
        return mean;
    }
}
