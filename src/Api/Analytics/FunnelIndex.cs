using Marketplace.Projections.Analytics;
using Marten;

namespace Marketplace.Api.Analytics;

/// <summary>
/// Every application timeline, packed (<see cref="FunnelFact"/>), in this process's memory: a funnel over a million
/// applications is one pass over an array instead of a million documents read and parsed per query (docs/performance.md).
/// Before each query it catches up with the ApplicationTimeline projection: it reads the projection's progress and
/// re-reads only the timelines of streams that had events since the last look, so an answer is as fresh as the
/// projection it comes from. A projection that went back (a rebuild) makes it load everything again.
/// </summary>
public sealed class FunnelIndex(IDocumentStore store, ILogger<FunnelIndex> logger)
{
    private const string Shard = "ApplicationTimeline:All";
    private const int PageSize = 20_000;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private readonly Dictionary<Guid, int> _slots = [];
    private readonly Interned<Guid> _postings = new();
    private readonly Interned<Guid> _companies = new();
    private readonly Interned<string> _skills = new(StringComparer.Ordinal);
    private readonly Interned<string> _skillSetKeys = new(StringComparer.Ordinal);
    private readonly List<int[]> _skillSets = [];
    private FunnelFact[] _facts = new FunnelFact[1024];
    private int _count;
    private long _position = -1;

    /// <summary>Runs <paramref name="read"/> over the facts once they include everything the projection has built.</summary>
    public async Task<T> Read<T>(Func<FunnelIndexView, T> read, CancellationToken cancellation)
    {
        await CatchUp(cancellation);
        _lock.EnterReadLock();
        try
        {
            return read(new FunnelIndexView(_facts, _count, this));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public async Task CatchUp(CancellationToken cancellation)
    {
        await _catchingUp.WaitAsync(cancellation);
        try
        {
            await using var session = store.QuerySession();
            var progress = (await session.QueryAsync<long>(
                "select last_seq_id from mt_event_progression where name = ?", cancellation, Shard)).FirstOrDefault();
            if (progress == _position) return;
            if (progress < _position || _position < 0) await LoadAll(session, progress, cancellation);
            else await LoadChanged(session, progress, cancellation);
            _position = progress;
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    private async Task LoadAll(IQuerySession session, long progress, CancellationToken cancellation)
    {
        var started = TimeProvider.System.GetTimestamp();
        Write(() => { _slots.Clear(); _count = 0; });
        var after = Guid.Empty;
        while (true)
        {
            var page = await session.QueryAsync<ApplicationTimeline>(
                "where d.id > ? order by d.id limit " + PageSize, cancellation, after);
            if (page.Count == 0) break;
            Write(() => { foreach (var timeline in page) Upsert(timeline); });
            after = page[^1].Id;
        }
        // Loading parsed every timeline document once: give the garbage back now rather than carry it under load.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Funnel index loaded {Count} timelines up to event {Position} in {Elapsed}", _count, progress,
            TimeProvider.System.GetElapsedTime(started));
    }

    private async Task LoadChanged(IQuerySession session, long progress, CancellationToken cancellation)
    {
        var streams = await session.QueryAsync<Guid>(
            "select distinct stream_id from mt_events where seq_id > ? and seq_id <= ?", cancellation, _position, progress);
        for (var i = 0; i < streams.Count; i += PageSize)
        {
            var ids = streams.Skip(i).Take(PageSize).ToArray();
            var changed = await session.QueryAsync<ApplicationTimeline>("where d.id = any(?)", cancellation, ids);
            Write(() => { foreach (var timeline in changed) Upsert(timeline); });
        }
    }

    private void Write(Action change)
    {
        _lock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Upsert(ApplicationTimeline timeline)
    {
        var fact = FunnelFact.From(timeline, _postings.Of(timeline.PostingId), _companies.Of(timeline.CompanyId), SkillSetOf(timeline.Skills));
        if (!_slots.TryGetValue(timeline.Id, out var slot))
        {
            if (_count == _facts.Length) Array.Resize(ref _facts, _facts.Length * 2);
            slot = _count++;
            _slots[timeline.Id] = slot;
        }
        _facts[slot] = fact;
    }

    private int SkillSetOf(IReadOnlyList<string> skills)
    {
        var distinct = skills.Distinct().Order(StringComparer.Ordinal).ToList();
        var set = _skillSetKeys.Of(string.Join('\n', distinct));
        if (set == _skillSets.Count) _skillSets.Add([.. distinct.Select(_skills.Of)]);
        return set;
    }

    public Guid Posting(int index) => _postings[index];
    public Guid Company(int index) => _companies[index];
    public string Skill(int index) => _skills[index];
    public int[] SkillSet(int index) => _skillSets[index];
    public int? PostingIndex(Guid id) => _postings.Find(id);
    public int? CompanyIndex(Guid id) => _companies.Find(id);
    public int? SkillIndex(string skill) => _skills.Find(skill);

    /// <summary>Values numbered in order of first sight, so a fact stores an int instead of the value.</summary>
    private sealed class Interned<T>(IEqualityComparer<T>? comparer = null) where T : notnull
    {
        private readonly Dictionary<T, int> _numbers = new(comparer);
        private readonly List<T> _values = [];

        public int Of(T value)
        {
            if (_numbers.TryGetValue(value, out var number)) return number;
            _numbers[value] = _values.Count;
            _values.Add(value);
            return _values.Count - 1;
        }

        public int? Find(T value) => _numbers.TryGetValue(value, out var number) ? number : null;
        public T this[int index] => _values[index];
    }
}

/// <summary>The first <see cref="Count"/> facts and the tables that name their ids, valid while the index's read lock is held.</summary>
public readonly struct FunnelIndexView(FunnelFact[] facts, int count, FunnelIndex index)
{
    public FunnelFact[] Facts { get; } = facts;
    public int Count { get; } = count;
    public FunnelIndex Index { get; } = index;
}

/// <summary>
/// Loads the index once the API serves, so the first analyst does not wait for it; readiness does not wait for it
/// either (a million timelines take seconds to load, docs/performance.md).
/// </summary>
public sealed class FunnelIndexWarmUp(FunnelIndex index, IHostApplicationLifetime lifetime, ILogger<FunnelIndexWarmUp> logger) : BackgroundService
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
            // The first funnel query tries again; a database that is not up yet must not stop the API.
            logger.LogWarning(e, "The funnel index could not load yet");
        }
    }
}
