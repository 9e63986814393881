using System.Collections;
using System.Diagnostics;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// What OpenTelemetry's in-memory exporter writes into: keeps the finished spans of the traces a test asked for and
/// nothing else, so the suite's other traffic neither fills memory nor leaks into a test's trace.
/// </summary>
public sealed class SpanRecorder : ICollection<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _spans = [];
    private readonly HashSet<ActivityTraceId> _watched = [];
    private readonly Queue<Activity> _roots = new();

    /// <summary>A new trace id to send as the request's traceparent; spans of that trace are kept from now on.</summary>
    public ActivityTraceId Watch()
    {
        var trace = ActivityTraceId.CreateRandom();
        lock (_gate) _watched.Add(trace);
        return trace;
    }

    public IReadOnlyList<Activity> Trace(ActivityTraceId trace)
    {
        lock (_gate) return _spans.Where(s => s.TraceId == trace).ToList();
    }

    /// <summary>The latest spans that started a trace of their own (at most 1,000), whoever caused them.</summary>
    public IReadOnlyList<Activity> Roots()
    {
        lock (_gate) return _roots.ToList();
    }

    public void Add(Activity item)
    {
        lock (_gate)
        {
            if (_watched.Contains(item.TraceId)) _spans.Add(item);
            if (item.ParentSpanId != default) return;
            _roots.Enqueue(item);
            if (_roots.Count > 1_000) _roots.Dequeue();
        }
    }

    public void Clear()
    {
        lock (_gate) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_gate) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_gate) return _spans.Remove(item);
    }

    public int Count
    {
        get { lock (_gate) return _spans.Count; }
    }

    public bool IsReadOnly => false;

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_gate) return _spans.ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
