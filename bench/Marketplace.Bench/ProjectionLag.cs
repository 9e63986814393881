using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>How long the async projections take to catch up with what has been appended so far.</summary>
public static class ProjectionLag
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The projections of meaning (sentence vectors, ADR 30) encode at a low priority and catch up when the load leaves
    /// them CPU: they are measured apart (<see cref="Meaning"/>), not in the read models' lag.
    /// </summary>
    private const string NotMeaning = "name not like 'HighWater%' and name not like '%Meaning%'";

    /// <summary>
    /// From the end of a burst until every async projection but meaning's has processed the last event appended by then;
    /// null when that takes longer than the timeout. The log says which projection came last and how much background
    /// work (reviews, copy checks) was still queued when the burst ended, the evidence for what holds the lag up.
    /// </summary>
    public static async Task<TimeSpan?> Measure(NpgsqlDataSource database, TimeSpan timeout, CancellationToken cancellation)
    {
        var ended = Stopwatch.GetTimestamp();
        var last = await Scalar(database, "select coalesce(max(seq_id), 0) from mt_events", cancellation);
        var queued = await Scalar(database, "select count(*) from wolverine_incoming_envelopes where status = 'Incoming'", cancellation);
        var caughtUp = new Dictionary<string, TimeSpan>();
        while (Stopwatch.GetElapsedTime(ended) < timeout)
        {
            var behind = 0;
            await using (var command = database.CreateCommand(
                $"select name, last_seq_id from mt_event_progression where {NotMeaning}"))
            await using (var reader = await command.ExecuteReaderAsync(cancellation))
                while (await reader.ReadAsync(cancellation))
                    if (reader.GetInt64(1) >= last) caughtUp.TryAdd(reader.GetString(0), Stopwatch.GetElapsedTime(ended));
                    else behind++;
            if (behind == 0)
            {
                var lag = Stopwatch.GetElapsedTime(ended);
                // Said of the bursts' lag and of the wait before the open loop alike, so worded for both.
                Log.Detail($"async projections caught up after {lag.TotalSeconds:N2} s; {queued} background messages queued when the wait began; each caught up: " +
                    string.Join(", ", caughtUp.OrderBy(p => p.Value).Select(p => $"{p.Key} {p.Value.TotalSeconds:N2} s")));
                return lag;
            }
            await Task.Delay(Poll, cancellation);
        }
        return null;
    }

    /// <summary>
    /// How many events the meaning projections were behind the last event appended, and how long they took to catch up
    /// with it (null when not within the timeout).
    /// </summary>
    public static async Task<(long Behind, TimeSpan? CaughtUp)> Meaning(NpgsqlDataSource database, TimeSpan timeout, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var last = await Scalar(database, "select coalesce(max(seq_id), 0) from mt_events", cancellation);
        const string slowest = "select coalesce(min(last_seq_id), 0) from mt_event_progression where name like '%Meaning%'";
        var behind = last - await Scalar(database, slowest, cancellation);
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (await Scalar(database, slowest, cancellation) >= last) return (behind, Stopwatch.GetElapsedTime(started));
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        }
        return (behind, null);
    }

    public static async Task<long> Scalar(NpgsqlDataSource database, string sql, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
