using System.Collections.Concurrent;
using System.Diagnostics;

namespace Marketplace.Api.Infrastructure.GraphQL.Answers;

/// <summary>What an answer is the answer to: the document's text, the operation, the variables and extensions as sent.</summary>
public readonly record struct AnswerKey(string Query, string? OperationName, string Variables, string Extensions);

/// <summary>
/// This node's whole answers to anonymous queries of public fields (docs/adr/0032). An entry is valid while nothing
/// it may hold has changed: each change bumps a counter (every list, one posting's or challenge's bucket, or everything),
/// and an entry remembers the counters it was read under, taken before its query ran, so an answer read across a
/// change is never served. Bounded in entries, bytes and age; off while this node cannot hear the other nodes' changes.
/// </summary>
public sealed class AnswerCache(AnswerCacheOptions options)
{
    private const int Buckets = 4_096;

    private readonly ConcurrentDictionary<AnswerKey, Entry> entries = new();
    private const int ListsCounter = 0;
    private const int CompaniesCounter = 1;

    // [0] moves with every list, [1] with every company, [2..] with the postings and challenges whose ids hash there
    // (collisions only invalidate more).
    private readonly long[] counters = new long[Buckets + 2];
    private long epoch;
    private long bytes;
    private long hits;
    private long misses;
    private long stored;
    private long lastSweep;
    private int hearing;

    /// <summary>This node's mark on the notices it sends (<see cref="AnswerNotice"/>).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N")[..8];

    public long Hits => Interlocked.Read(ref hits);
    public long Misses => Interlocked.Read(ref misses);
    public long Stored => Interlocked.Read(ref stored);
    public int Count => entries.Count;
    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>Moves when everything changes: the skill catalogue, an event of a kind not known, or notices missed.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    /// <summary>How long anything kept on the strength of the notices may be used without a fresh read.</summary>
    public TimeSpan MaxAge => options.MaxAge;

    /// <summary>Serving and storing need both: the cache is switched on and this node hears every node's changes.</summary>
    public bool Active => options.Enabled && Volatile.Read(ref hearing) == 1;

    public byte[]? Find(AnswerKey key)
    {
        if (!Active) return null;
        if (entries.TryGetValue(key, out var entry) && IsCurrent(entry))
        {
            Interlocked.Increment(ref hits);
            return entry.Answer;
        }
        Interlocked.Increment(ref misses);
        return null;
    }

    /// <summary>The counters a query's answer will be valid under: taken before it runs.</summary>
    public Stamp Begin(AnswerScope scope)
    {
        int[] buckets =
        [
            .. scope.Ids.Count == 0 || scope.Lists ? [ListsCounter] : scope.Ids.Select(Bucket).Distinct(),
            .. scope.Companies ? [CompaniesCounter] : Array.Empty<int>(),
        ];
        return new Stamp(Interlocked.Read(ref epoch), buckets, [.. buckets.Select(b => Interlocked.Read(ref counters[b]))], Stopwatch.GetTimestamp());
    }

    public void Store(AnswerKey key, Stamp stamp, byte[] answer)
    {
        if (!Active || answer.Length > options.MaxAnswerBytes) return;
        var entry = new Entry(answer, stamp);
        if (!IsCurrent(entry)) return;
        if (entries.Count >= options.MaxEntries || Bytes + answer.Length > options.MaxBytes)
        {
            Sweep();
            if (entries.Count >= options.MaxEntries || Bytes + answer.Length > options.MaxBytes) return;
        }
        entries.AddOrUpdate(key, entry, (_, old) =>
        {
            Interlocked.Add(ref bytes, -old.Answer.Length);
            return entry;
        });
        Interlocked.Add(ref bytes, answer.Length);
        Interlocked.Increment(ref stored);
    }

    /// <summary>A posting or challenge changed: its own answers and every list go.</summary>
    public void Changed(Guid id)
    {
        Interlocked.Increment(ref counters[Bucket(id)]);
        Interlocked.Increment(ref counters[ListsCounter]);
    }

    /// <summary>A company changed: every answer that shows a company, and every list, go.</summary>
    public void CompanyChanged()
    {
        Interlocked.Increment(ref counters[CompaniesCounter]);
        Interlocked.Increment(ref counters[ListsCounter]);
    }

    /// <summary>Something every answer may hold changed (the skill catalogue, an event of a kind not known, or notices were missed).</summary>
    public void ChangedEverything()
    {
        Interlocked.Increment(ref epoch);
        foreach (var key in entries.Keys) Remove(key);
    }

    /// <summary>The notice listener's state: while it is deaf, other nodes' changes go unheard, so nothing is served.</summary>
    public void Hearing(bool on)
    {
        ChangedEverything();
        Volatile.Write(ref hearing, on ? 1 : 0);
    }

    private bool IsCurrent(Entry entry)
    {
        var stamp = entry.Stamp;
        if (stamp.Epoch != Interlocked.Read(ref epoch) || Stopwatch.GetElapsedTime(stamp.Taken) > options.MaxAge) return false;
        for (var i = 0; i < stamp.Buckets.Length; i++)
            if (stamp.Counters[i] != Interlocked.Read(ref counters[stamp.Buckets[i]])) return false;
        return true;
    }

    /// <summary>Drops what can no longer be served; at most once a second, since a full cache of valid entries finds nothing.</summary>
    private void Sweep()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref lastSweep);
        if (Stopwatch.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref lastSweep, now, last) != last) return;
        foreach (var (key, entry) in entries)
            if (!IsCurrent(entry)) Remove(key);
    }

    private void Remove(AnswerKey key)
    {
        if (entries.TryRemove(key, out var old)) Interlocked.Add(ref bytes, -old.Answer.Length);
    }

    private static int Bucket(Guid id) => 2 + (int)((uint)id.GetHashCode() % Buckets);

    private sealed record Entry(byte[] Answer, Stamp Stamp);

    public sealed record Stamp(long Epoch, int[] Buckets, long[] Counters, long Taken);
}

/// <summary>
/// What an answer depends on besides everything: the postings and challenges it names by id, or every list (any other
/// root field), and whether it shows a company.
/// </summary>
public sealed record AnswerScope(IReadOnlyList<Guid> Ids, bool Lists, bool Companies);

/// <summary>GraphQL:AnswerCache in configuration.</summary>
public sealed class AnswerCacheOptions
{
    public bool Enabled { get; set; } = true;
    public int MaxEntries { get; set; } = 10_000;
    public long MaxBytes { get; set; } = 64L << 20;
    public int MaxAnswerBytes { get; set; } = 256 << 10;

    /// <summary>The bound for changes no event announces (a catalogue seeded by another process, a hand edit).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Which operations' answers may be kept, and what each depends on: the product's list of public fields.</summary>
public interface IAnswerPolicy
{
    /// <summary>Null when the answer may not be kept; asked only for anonymous queries.</summary>
    AnswerScope? Scope(global::GraphQL.Types.ISchema schema, GraphQLParser.AST.GraphQLDocument document,
        GraphQLParser.AST.GraphQLOperationDefinition operation, global::GraphQL.Inputs? variables);
}
