using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// The depth of the durable local queues over time: the envelopes waiting in Wolverine's inbox table (status
/// Incoming), counted per message type every half second from when it starts. A message leaves the count when its
/// handler's transaction has committed, and the messages a handler sends arrive in the same transaction, so empty
/// queues mean every review and copy check is done. The webhook deliveries' queue is counted with the envelopes
/// scheduled for later beside it: a retry, or a delivery that stepped aside for a busy endpoint.
/// </summary>
public sealed class QueueDepths : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);
    private const int BucketSeconds = 5;

    /// <summary>Short names for the queues' messages, in the order the timeline shows them.</summary>
    private static readonly (string Suffix, string Name)[] Known = [("ReviewSubmission", "reviews"), ("CheckForCopies", "copy checks")];

    /// <summary>The webhook deliveries, due and scheduled.</summary>
    private static readonly (string Suffix, string Name)[] Deliveries = [("DeliverWebhook", "deliveries")];

    private readonly NpgsqlDataSource database;
    private readonly (string Suffix, string Name)[] shown;
    private readonly bool scheduled;
    private readonly CancellationTokenSource stop;
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly List<(double Seconds, Dictionary<string, long> Depths)> samples = [];
    private readonly Task sampling;

    private QueueDepths(NpgsqlDataSource database, (string Suffix, string Name)[] shown, bool scheduled, CancellationToken cancellation)
    {
        this.database = database;
        this.shown = shown;
        this.scheduled = scheduled;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        sampling = Run();
    }

    public static QueueDepths Start(NpgsqlDataSource database, CancellationToken cancellation) => new(database, Known, false, cancellation);

    /// <summary>The webhook deliveries due ("deliveries") and scheduled for later ("deliveries scheduled").</summary>
    public static QueueDepths OfDeliveries(NpgsqlDataSource database, CancellationToken cancellation) =>
        new(database, Deliveries, true, cancellation);

    /// <summary>
    /// Throws away the reviews and copy checks still queued (no API process running): a new process would work them off
    /// first, behind whatever it is about to measure.
    /// </summary>
    public static async Task Discard(NpgsqlDataSource database, CancellationToken cancellation)
    {
        var discarded = await ProjectionLag.Scalar(database,
            "with gone as (delete from wolverine_incoming_envelopes where status = 'Incoming' returning 1) select count(*) from gone", cancellation);
        Log.Detail($"(re)starting the API, {discarded:N0} queued messages discarded");
    }

    private async Task Run()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            do
            {
                var depths = new Dictionary<string, long>();
                await using (var command = database.CreateCommand(
                    "select message_type, status = 'Scheduled', count(*) from wolverine_incoming_envelopes " +
                    "where status = 'Incoming' or ($1 and status = 'Scheduled') group by 1, 2"))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = scheduled });
                    await using var reader = await command.ExecuteReaderAsync(stop.Token);
                    while (await reader.ReadAsync(stop.Token))
                        depths[Name(reader.GetString(0)) + (reader.GetBoolean(1) ? " scheduled" : "")] = reader.GetInt64(2);
                }
                lock (samples) samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, depths));
            } while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private string Name(string messageType) =>
        shown.FirstOrDefault(k => messageType.EndsWith(k.Suffix, StringComparison.Ordinal)).Name ?? messageType[(messageType.LastIndexOf('.') + 1)..];

    /// <summary>
    /// Seconds from <paramref name="loadSeconds"/> after the start until a sample found every queue empty; null when
    /// that did not happen within <paramref name="limit"/>.
    /// </summary>
    public async Task<double?> DrainedAfter(double loadSeconds, TimeSpan limit)
    {
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < loadSeconds + limit.TotalSeconds)
        {
            lock (samples)
                if (samples.FirstOrDefault(s => s.Seconds >= loadSeconds && s.Depths.Values.Sum() == 0) is { Depths: not null } empty)
                    return empty.Seconds - loadSeconds;
            await Task.Delay(Every, stop.Token);
        }
        return null;
    }

    /// <summary>
    /// What is still queued at the last sample and how fast it went down since <paramref name="loadSeconds"/>, e.g.
    /// "copy checks 1,186 left (-4.9 a second since the load ended)"; a queue still growing then has a plus.
    /// </summary>
    public string Left(double loadSeconds)
    {
        lock (samples)
        {
            if (samples.Count == 0) return "not measured";
            var (from, to) = (samples.First(s => s.Seconds >= loadSeconds), samples[^1]);
            var left = to.Depths.Where(d => d.Value > 0).Select(d =>
                $"{d.Key} {d.Value:N0} left ({(d.Value - from.Depths.GetValueOrDefault(d.Key)) / Math.Max(0.1, to.Seconds - from.Seconds):+0.0;-0.0} a second since the load ended)");
            return string.Join("; ", left);
        }
    }

    /// <summary>
    /// "reviews / copy checks, the most queued in each 5 s: 0 s 3 / 120, 5 s 2 / 410, …; after the load: 15 s 0 / 380, 20 s 0 / 0".
    /// </summary>
    public string Timeline(double loadSeconds)
    {
        List<(double Seconds, Dictionary<string, long> Depths)> all;
        lock (samples) all = [.. samples];
        var names = shown.SelectMany(k => scheduled ? [k.Name, $"{k.Name} scheduled"] : new[] { k.Name })
            .Concat(all.SelectMany(s => s.Depths.Keys)).Distinct().ToList();
        string Bucket(IGrouping<int, (double Seconds, Dictionary<string, long> Depths)> bucket) =>
            $"{bucket.Key * BucketSeconds} s {string.Join(" / ", names.Select(n => bucket.Max(s => s.Depths.GetValueOrDefault(n)).ToString("N0")))}";
        var buckets = all.GroupBy(s => (int)(s.Seconds / BucketSeconds)).ToList();
        var during = buckets.Where(b => (b.Key + 1) * BucketSeconds <= loadSeconds + 0.5).Select(Bucket);
        var after = buckets.Where(b => (b.Key + 1) * BucketSeconds > loadSeconds + 0.5).Select(Bucket);
        return $"{string.Join(" / ", names)}, the most queued in each {BucketSeconds} s: {string.Join(", ", during)}; after the load: {string.Join(", ", after)}";
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}
