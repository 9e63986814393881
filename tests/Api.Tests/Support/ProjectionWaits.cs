using Marketplace.Api.Meaning;
using Marten;
using Npgsql;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// Waits for the async projections a test reads to apply every event appended so far. The meaning projections run the
/// sentence model (docs/adr/0030) and may trail the others in a busy suite, so a test waits for them only when it reads
/// what they write; a test that must see everything settle waits for all.
/// </summary>
public static class ProjectionWaits
{
    public static readonly string[] MeaningShards = [MeaningIndex.PostingShard, MeaningIndex.CandidateShard];

    /// <summary>Every async projection but the meaning ones.</summary>
    public static Task ReadModelsCaughtUp(this AppFixture app, TimeSpan? timeout = null) =>
        CaughtUp(app.Store, shard => !MeaningShards.Contains(shard), timeout);

    public static Task MeaningCaughtUp(this AppFixture app, TimeSpan? timeout = null) => CaughtUp(app.Store, MeaningShards.Contains, timeout);

    public static Task AllCaughtUp(this AppFixture app, TimeSpan? timeout = null) => CaughtUp(app.Store, _ => true, timeout);

    /// <summary>One async projection, by its shard's name (e.g. <c>LeaderboardRow:All</c>).</summary>
    public static Task CaughtUp(this AppFixture app, string shard, TimeSpan? timeout = null) => CaughtUp(app.Store, s => s == shard, timeout);

    private static async Task CaughtUp(IDocumentStore store, Func<string, bool> waitedFor, TimeSpan? timeout)
    {
        var shards = ((DocumentStore)store).Options.Projections.AllShards().Select(s => s.Name.Identity).Where(waitedFor).ToList();
        await using var db = new NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        var appended = await EventStoreChecks.Scalar(db, "select coalesce(max(seq_id), 0) from mt_events");
        var behind = await Eventually.Until(() => Behind(db, shards, appended), b => b.Count == 0, timeout ?? TimeSpan.FromSeconds(60));
        if (behind.Count > 0) throw new TimeoutException($"Not past event {appended} in time: {string.Join(", ", behind)}");
    }

    private static async Task<List<string>> Behind(NpgsqlConnection db, List<string> shards, long appended)
    {
        var progress = (await EventStoreChecks.Lines(db, "select name || '=' || last_seq_id from mt_event_progression"))
            .Select(line => line.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1]));
        return [.. shards.Where(s => progress.GetValueOrDefault(s) < appended).Select(s => $"{s} at {progress.GetValueOrDefault(s)}")];
    }
}
