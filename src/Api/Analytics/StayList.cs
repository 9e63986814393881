using System.Numerics;
using System.Runtime.CompilerServices;

namespace Marketplace.Api.Analytics;

/// <summary>
/// The segments that lists of stays are made of, kept from one funnel query to the next. Over a million applications a
/// query collects millions of stays. Grown as one array each, lists put every grown copy on the large object heap,
/// and kept between queries they grew again whenever a list came back in a role larger than its last one: 62 MB of
/// garbage waited there for a full collection after the bench's funnel calls (docs/performance.md, round 9).
/// Segments are at most <see cref="LargestLength"/> stays, below the large object heap, in a few sizes that any list
/// can take, so a query of a size seen before allocates none. At most <paramref name="mostKept"/> stays are kept.
/// </summary>
public sealed class StaySegments(long mostKept = StaySegments.DefaultMostKept)
{
    public const int SmallestLength = 16;

    /// <summary>8,192 stays, 64 KB: under the 85,000 bytes from which an array goes to the large object heap.</summary>
    public const int LargestLength = 8_192;

    /// <summary>Four million stays (32 MB): more than a funnel over a million applications collects at once.</summary>
    public const long DefaultMostKept = 4L << 20;

    private static readonly int Sizes = BitOperations.Log2(LargestLength / SmallestLength) + 1;
    private readonly Stack<double[]>[] _kept = [.. Enumerable.Range(0, Sizes).Select(_ => new Stack<double[]>())];
    private long _keptStays;

    /// <summary>The segments of the funnel queries.</summary>
    public static StaySegments Shared { get; } = new();

    /// <summary>How many stays the kept segments hold room for.</summary>
    public long Kept
    {
        get
        {
            lock (_kept) return _keptStays;
        }
    }

    internal double[] Rent(int length)
    {
        lock (_kept)
        {
            if (_kept[SizeOf(length)].TryPop(out var segment))
            {
                _keptStays -= segment.Length;
                return segment;
            }
        }
        return new double[length];
    }

    internal void Return(double[] segment)
    {
        lock (_kept)
        {
            if (_keptStays + segment.Length > mostKept) return;
            _kept[SizeOf(segment.Length)].Push(segment);
            _keptStays += segment.Length;
        }
    }

    private static int SizeOf(int length) => BitOperations.Log2((uint)(length / SmallestLength));
}

/// <summary>
/// A list of stays (hours in a stage, days to hire) in segments from <see cref="StaySegments"/>: each segment twice
/// the last, up to <see cref="StaySegments.LargestLength"/>, so a small group holds little and a large one never
/// copies what it holds. Used by one thread at a time; its values are read as parts, in the order they were added.
/// </summary>
public sealed class StayList(StaySegments segments)
{
    private static readonly double[] None = [];
    private readonly List<double[]> _full = [];
    private double[] _current = None;
    private int _used;
    private int _inFull;

    public int Count => _inFull + _used;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        if (_used == _current.Length) Next();
        _current[_used++] = value;
    }

    private void Next()
    {
        if (_current.Length > 0)
        {
            _full.Add(_current);
            _inFull += _current.Length;
        }
        _current = segments.Rent(_current.Length == 0 ? StaySegments.SmallestLength : Math.Min(_current.Length * 2, StaySegments.LargestLength));
        _used = 0;
    }

    /// <summary>Adds this list's values to <paramref name="parts"/>, valid until <see cref="Release"/>.</summary>
    public void AddPartsTo(List<ReadOnlyMemory<double>> parts)
    {
        foreach (var segment in _full) parts.Add(segment);
        if (_used > 0) parts.Add(_current.AsMemory(0, _used));
    }

    /// <summary>Gives the segments back and leaves the list empty. Nothing is cleared: a list reads only what it added.</summary>
    public void Release()
    {
        foreach (var segment in _full) segments.Return(segment);
        if (_current.Length > 0) segments.Return(_current);
        _full.Clear();
        (_current, _used, _inFull) = (None, 0, 0);
    }
}
