using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>How long the copy check took to flag a submission, read from the events outside the API.</summary>
public static class CopyFlags
{
    /// <summary>From the submission's commit to its flag's, by Marten's timestamps on the events; null if not within <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> FlaggedAfter(NpgsqlDataSource database, Guid submission, TimeSpan timeout, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            await using (var command = database.CreateCommand("select type, timestamp from mt_events where stream_id = $1 order by version"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = submission });
                var events = new List<(string Type, DateTime At)>();
                await using (var reader = await command.ExecuteReaderAsync(cancellation))
                    while (await reader.ReadAsync(cancellation)) events.Add((reader.GetString(0), reader.GetDateTime(1)));
                var flag = events.FindIndex(e => e.Type == "submission_flagged");
                if (flag > 0) return events[flag].At - events[0].At;
            }
            await Task.Delay(10, cancellation);
        }
        return null;
    }
}
