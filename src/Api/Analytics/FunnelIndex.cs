using Marketplace.Api.Infrastructure.Hosting;
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
    // The facts' ids, in the same slots. Facts [0, _sorted) are in id order and found by binary search; facts added
    // since (new applications) are found through _recent until it grows large enough to be merged into the order.
    // A dictionary over every id cost about 45 MB at a million applications; the sorted ids cost 16 MB.
    private Guid[] _ids = new Guid[1024];
    private int _sorted;
    private readonly Dictionary<Guid, int> _recent = [];
    private readonly Interned<Guid> _postings = new();
    private readonly Interned<Guid> _companies = new();
    private readonly List<int> _companyOfPosting = [];
    private readonly Interned<string> _skills = new(StringComparer.Ordinal);
    private readonly Interned<string> _skillSetKeys = new(StringComparer.Ordinal);
    private readonly List<int[]> _skillSets = [];
    private FunnelFact[] _facts = new FunnelFact[1024];
    private int _count;
    private long _position = -1;

    /// <summary>Room for this many facts before the arrays first grow (1,024 unless a test wants the index to grow while it loads).</summary>
    public int InitialCapacity
    {
        init
        {
            _facts = new FunnelFact[value];
            _ids = new Guid[value];
        }
    }

    /// <summary>How many facts added since the last merge set off a merge into the id order; by default 4,096 or a 32nd of all.</summary>
    public int? MergeFrom { get; init; }

    /// <summary>Facts added since the last merge, found through a dictionary rather than in the id order.</summary>
    public int Unmerged => _recent.Count;

    /// <summary>Runs <paramref name="read"/> over the facts once they include everything the projection has built.</summary>
    public async Task<T> Read<T>(Func<FunnelIndexView, T> read, CancellationToken cancellation)
    {
        await CatchUp(cancellation);
        return _lock.Reading(() => read(new FunnelIndexView(_facts, _count, this)));
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
        _lock.Writing(() => { _recent.Clear(); _count = 0; _sorted = 0; });
        var after = Guid.Empty;
        while (true)
        {
            var page = await session.QueryAsync<ApplicationTimeline>(
                "where d.id > ? order by d.id limit " + PageSize, cancellation, after);
            if (page.Count == 0) break;
            _lock.Writing(() => { foreach (var timeline in page) Append(timeline); });
            after = page[^1].Id;
        }
        _lock.Writing(Settle);
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
            _lock.Writing(() => { foreach (var timeline in changed) Upsert(timeline); });
        }
        if (_recent.Count >= (MergeFrom ?? Math.Max(4_096, _count / 32))) _lock.Writing(Merge);
    }

    private FunnelFact Fact(ApplicationTimeline timeline)
    {
        var posting = _postings.Of(timeline.PostingId);
        // A posting belongs to one company for good, so a fact names only the posting (8 MB less at a million facts).
        if (posting == _companyOfPosting.Count) _companyOfPosting.Add(_companies.Of(timeline.CompanyId));
        return FunnelFact.From(timeline, posting, SkillSetOf(timeline.Skills));
    }

    /// <summary>While loading everything: each timeline comes once, so it only needs a slot at the end.</summary>
    private void Append(ApplicationTimeline timeline)
    {
        // The slot first: taking it may grow the arrays, and `_facts[NewSlot(..)] = ..` would store into the old one.
        var slot = NewSlot(timeline.Id);
        _facts[slot] = Fact(timeline);
    }

    private void Upsert(ApplicationTimeline timeline)
    {
        var slot = _sorted > 0 ? Array.BinarySearch(_ids, 0, _sorted, timeline.Id) : -1;
        if (slot < 0 && !_recent.TryGetValue(timeline.Id, out slot)) _recent[timeline.Id] = slot = NewSlot(timeline.Id);
        _facts[slot] = Fact(timeline);
    }

    private int NewSlot(Guid id)
    {
        if (_count == _facts.Length) Grow();
        _ids[_count] = id;
        return _count++;
    }

    /// <summary>By half again, not double: at a million facts a doubling would hold 80 MB it may never use.</summary>
    private void Grow()
    {
        var size = _facts.Length + Math.Max(_facts.Length / 2, 16);
        Array.Resize(ref _facts, size);
        Array.Resize(ref _ids, size);
    }

    /// <summary>After loading everything: the facts in id order (they come in the database's order), and no spare room beyond an eighth.</summary>
    private void Settle()
    {
        var ordered = true;
        for (var i = 1; i < _count && ordered; i++) ordered = _ids[i - 1].CompareTo(_ids[i]) < 0;
        if (!ordered) Array.Sort(_ids, _facts, 0, _count);
        var size = Math.Max(1024, _count + _count / 8);
        if (size < _facts.Length)
        {
            Array.Resize(ref _facts, size);
            Array.Resize(ref _ids, size);
        }
        _sorted = _count;
        _recent.Clear();
    }

    /// <summary>
    /// Merges the facts added since the last merge into the id order: sorted on their own, then merged from the back,
    /// so only they are copied aside. New ids are mostly later than every earlier one (time-ordered ids), so little moves.
    /// </summary>
    private void Merge()
    {
        var added = _count - _sorted;
        Array.Sort(_ids, _facts, _sorted, added);
        var addedIds = _ids.AsSpan(_sorted, added).ToArray();
        var addedFacts = _facts.AsSpan(_sorted, added).ToArray();
        int from = _sorted - 1, next = added - 1, to = _count - 1;
        while (next >= 0)
        {
            if (from >= 0 && _ids[from].CompareTo(addedIds[next]) > 0)
            {
                _ids[to] = _ids[from];
                _facts[to--] = _facts[from--];
            }
            else
            {
                _ids[to] = addedIds[next];
                _facts[to--] = addedFacts[next--];
            }
        }
        _sorted = _count;
        _recent.Clear();
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
    public int CompanyOf(int posting) => _companyOfPosting[posting];
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
/// either (a million timelines take seconds to load, docs/performance.md). Then it answers one funnel and drops the
/// answer: the pass is compiled optimised on its first call, which would otherwise be the first analyst's.
/// </summary>
public sealed class FunnelIndexWarmUp(FunnelIndex index, IHostApplicationLifetime lifetime, ILogger<FunnelIndexWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loaded = false;
        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await index.CatchUp(stoppingToken);
            loaded = true;
            var everything = new FunnelRequest(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1), AsOf: null,
                CompletedOnly: false, FunnelGroupBy.None);
            await index.Read(view => FunnelCalculator.Calculate(everything, new FunnelScope(), view), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first funnel query tries again; a database that is not up yet must not stop the API.
            if (loaded) logger.LogWarning(e, "The funnel index loaded, but its warm-up funnel failed");
            else logger.LogWarning(e, "The funnel index could not load yet");
        }
    }
}
