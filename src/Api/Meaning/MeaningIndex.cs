using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Projections.Meaning;
using Marten;
using Npgsql;

namespace Marketplace.Api.Meaning;

/// <summary>
/// Every posting's and every candidate's vector in this process's memory, like the funnel's timelines (docs/adr/0012):
/// matching is a pass of dot products over two arrays instead of documents read per query (docs/adr/0030). Before
/// each read it catches up with the two projections that hold the vectors, each on its own: it reads their progress
/// and re-reads only the postings and candidates whose streams (or whose submissions' streams) had events since the
/// last look. An answer is therefore exactly as fresh as those projections; a projection that went back (a rebuild)
/// makes that half load again in full.
/// </summary>
public sealed class MeaningIndex(IDocumentStore store, ILogger<MeaningIndex> logger)
{
    /// <summary>
    /// Posting vectors come from PostingMeaning; candidates' from the documents SubmissionMeaning writes. Projections
    /// registered with their services are named after their type.
    /// </summary>
    public static readonly string PostingShard = $"{typeof(PostingMeaningProjection).FullName}:All",
        CandidateShard = $"{typeof(SubmissionMeaningProjection).FullName}:All";
    private const int Chunk = 10_000;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private VectorTable<PostingFacts> _postings = new();
    private VectorTable<CandidateFacts> _candidates = new();
    private long _postingsAt = -1, _candidatesAt = -1;

    /// <summary>Runs <paramref name="read"/> over the vectors once they include everything the projections have built.</summary>
    public async Task<T> Read<T>(Func<MeaningView, T> read, CancellationToken cancellation)
    {
        await CatchUp(cancellation);
        return _lock.Reading(() => read(new MeaningView(_postings, _candidates)));
    }

    public async Task CatchUp(CancellationToken cancellation)
    {
        await _catchingUp.WaitAsync(cancellation);
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            var progress = await MeaningRows.Progress(connection, cancellation, PostingShard, CandidateShard);
            _postingsAt = await CatchUp(connection, progress.GetValueOrDefault(PostingShard), _postingsAt, LoadPostings, cancellation);
            _candidatesAt = await CatchUp(connection, progress.GetValueOrDefault(CandidateShard), _candidatesAt, LoadCandidates, cancellation);
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    /// <summary>Loads everything (first time, or after a rebuild) or what changed since <paramref name="at"/>; returns the new position.</summary>
    private static async Task<long> CatchUp(NpgsqlConnection connection, long progress, long at,
        Func<NpgsqlConnection, Guid[]?, CancellationToken, Task> load, CancellationToken cancellation)
    {
        if (progress == at) return at;
        if (progress < at || at < 0)
        {
            await load(connection, null, cancellation);
            return progress;
        }
        var streams = await MeaningRows.ChangedStreams(connection, at, progress, cancellation);
        for (var i = 0; i < streams.Count; i += Chunk)
            await load(connection, streams.Skip(i).Take(Chunk).ToArray(), cancellation);
        return progress;
    }

    private async Task LoadPostings(NpgsqlConnection connection, Guid[]? streams, CancellationToken cancellation)
    {
        var started = TimeProvider.System.GetTimestamp();
        var rows = new List<(Guid Id, float[] Vector, PostingFacts Facts)>();
        await foreach (var row in MeaningRows.Postings(connection, streams, cancellation)) rows.Add(row);
        if (streams is null)
        {
            var table = new VectorTable<PostingFacts>(rows.Count + rows.Count / 8);
            foreach (var (id, vector, facts) in rows) table.Set(id, vector, facts);
            _lock.Writing(() => _postings = table);
            logger.LogInformation("Meaning index loaded {Count} postings ({Megabytes:0.0} MB) in {Elapsed}", table.Count,
                table.Bytes / 1e6, TimeProvider.System.GetElapsedTime(started));
        }
        else _lock.Writing(() => { foreach (var (id, vector, facts) in rows) _postings.Set(id, vector, facts); });
    }

    /// <summary>
    /// Candidates are read a row at a time and kept as their blended vector only (their documents' wholes are dropped at
    /// once). A changed stream may be a candidate's own or one of their submissions'; one that has no document any more
    /// (erased) leaves the index.
    /// </summary>
    private async Task LoadCandidates(NpgsqlConnection connection, Guid[]? streams, CancellationToken cancellation)
    {
        var started = TimeProvider.System.GetTimestamp();
        if (streams is null)
        {
            var count = await MeaningRows.Count(connection, "mt_doc_candidatemeaning", cancellation);
            var table = new VectorTable<CandidateFacts>(count + count / 8);
            await foreach (var (id, vector, facts) in MeaningRows.Candidates(connection, null, cancellation))
                if (vector is not null) table.Set(id, vector, facts);
            _lock.Writing(() => _candidates = table);
            // Loading parsed every candidate's document once: give the garbage back now rather than carry it under load.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogInformation("Meaning index loaded {Count} candidates ({Megabytes:0.0} MB) in {Elapsed}", table.Count,
                table.Bytes / 1e6, TimeProvider.System.GetElapsedTime(started));
            return;
        }
        var candidates = (await MeaningRows.CandidatesOf(connection, streams, cancellation)).Concat(streams).Distinct().ToArray();
        var rows = new List<(Guid Id, float[]? Vector, CandidateFacts Facts)>();
        await foreach (var row in MeaningRows.Candidates(connection, candidates, cancellation)) rows.Add(row);
        var found = rows.Select(r => r.Id).ToHashSet();
        _lock.Writing(() =>
        {
            foreach (var (id, vector, facts) in rows)
                if (vector is null) _candidates.Remove(id);
                else _candidates.Set(id, vector, facts);
            foreach (var gone in candidates.Where(id => !found.Contains(id))) _candidates.Remove(gone);
        });
    }
}

/// <summary>The index's two tables, valid while its read lock is held.</summary>
public readonly record struct MeaningView(VectorTable<PostingFacts> Postings, VectorTable<CandidateFacts> Candidates);

/// <summary>
/// Loads the index once the API serves, so the first candidate does not wait for it; readiness does not wait for it
/// either (100,000 candidates take seconds to load, docs/performance.md).
/// </summary>
public sealed class MeaningIndexWarmUp(MeaningIndex index, IHostApplicationLifetime lifetime, ILogger<MeaningIndexWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await index.CatchUp(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first matching query tries again; a database that is not up yet must not stop the API.
            logger.LogWarning(e, "The meaning index could not load yet");
        }
    }
}
