using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Npgsql;

namespace Marketplace.Api.Tests.Operations;

/// <summary>
/// The measurement of docs/performance.md's "writing less" round, not part of the suite (MEASURE_WRITES=1): what each
/// command writes, with everything it sets off (the async projections, the review), counted by PostgreSQL. N commands
/// of a kind one after another, then wait until everything has settled; the figures are the differences per command.
/// Run it alone, on a cluster nothing else writes to (WAL is the cluster's).
/// </summary>
public class write_costs(AppFixture app, ITestOutputHelper output)
{
    private static readonly int N = int.TryParse(Environment.GetEnvironmentVariable("MEASURE_WRITES_N"), out var n) ? n : 200;

    [Fact]
    public async Task wal_rows_and_index_entries_per_command()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("MEASURE_WRITES") == "1", "A measurement: set MEASURE_WRITES=1 to run it (docs/performance.md).");
        var demo = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "demo.json"))).RootElement;
        var descriptions = demo.GetProperty("postings").EnumerateArray().Select(p => p.GetProperty("description").GetString()!).ToList();
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, Scenarios.PostingInput(description: descriptions[0]));
        var challenge = await app.PublishedChallenge(company.Token);
        var candidates = new List<TestCandidate>();
        for (var i = 0; i < N; i++) candidates.Add(await app.RegisterCandidate($"Candidate {i}"));
        await using var db = new NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        await Settle(db);

        var applications = new List<Guid>();
        await Measure(db, "applyToPosting", async () =>
        {
            foreach (var candidate in candidates) applications.Add(await app.Applied(candidate, posting));
        });
        await Measure(db, "advanceApplication", async () =>
        {
            foreach (var id in applications)
                (await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "SCREENING" })).Data();
        });
        await Measure(db, "submitToChallenge", async () =>
        {
            foreach (var candidate in candidates) (await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data();
        });
        var postings = new List<Guid>();
        await Measure(db, "draftPosting", async () =>
        {
            for (var i = 0; i < N; i++)
                postings.Add(await app.DraftedPosting(company, Scenarios.PostingInput(title: $"Posting {i}", description: descriptions[i % descriptions.Count])));
        });
        await Measure(db, "publishPosting", async () =>
        {
            foreach (var id in postings) (await app.Lifecycle("publishPosting", company.Token, new { postingId = id })).Data();
        });

        output.WriteLine("table and index sizes, per 1,000 rows:");
        foreach (var table in new[] { "mt_doc_applicationview", "mt_doc_applicationtimeline", "mt_doc_postingview" })
        {
            var rows = Math.Max(1, await EventStoreChecks.Scalar(db, $"select count(*) from {table}"));
            var sizes = await EventStoreChecks.Lines(db, $"""
                select 'table ' || pg_table_size('{table}') * 1000 / {rows} / 1024 || ' kB' union all
                select indexrelid::regclass::text || ' ' || pg_relation_size(indexrelid) * 1000 / {rows} / 1024 || ' kB'
                  from pg_index where indrelid = '{table}'::regclass
                """);
            output.WriteLine($"  {table} ({rows} rows): {string.Join(", ", sizes)}");
        }
    }

    private async Task Measure(NpgsqlConnection db, string command, Func<Task> send)
    {
        await EventStoreChecks.Execute(AppFixture.ConnectionString, "checkpoint");
        var tablesBefore = await Tables(db);
        var indexesBefore = await IndexSizes(db);
        var (lsnBefore, fpiBefore) = await Wal(db);
        await send();
        var (lsnSent, _) = await Wal(db);
        await Settle(db);
        var (lsnAfter, fpiAfter) = await Wal(db);
        var tablesAfter = await Tables(db);
        var indexesAfter = await IndexSizes(db);

        output.WriteLine($"{command} x {N}: WAL {(lsnSent - lsnBefore) / N:N0} bytes a command by its answer, {(lsnAfter - lsnBefore) / N:N0} with what it set off " +
                         $"({(fpiAfter - fpiBefore) / (double)N:0.0} full-page images)");
        long entries = 0;
        foreach (var (table, after) in tablesAfter.OrderBy(t => t.Key))
        {
            var before = tablesBefore.GetValueOrDefault(table);
            var (ins, upd, hot, del) = (after.Ins - before.Ins, after.Upd - before.Upd, after.Hot - before.Hot, after.Del - before.Del);
            if (ins + upd + del == 0) continue;
            var tableEntries = (ins + upd - hot) * after.Indexes;
            entries += tableEntries;
            output.WriteLine($"  {table}: {ins / (double)N:0.##} inserted, {upd / (double)N:0.##} updated ({hot / (double)N:0.##} HOT), {del / (double)N:0.##} deleted; " +
                             $"{after.Indexes} indexes, {tableEntries / (double)N:0.##} index entries");
        }
        var grown = indexesAfter.Sum(i => i.Value - indexesBefore.GetValueOrDefault(i.Key));
        output.WriteLine($"  all tables: {entries / (double)N:0.#} index entries a command; indexes grew {grown / N:N0} bytes a command");
    }

    /// <summary>Until the async projections have applied every event and the durable inbox holds nothing left to do.</summary>
    private async Task Settle(NpgsqlConnection db)
    {
        await app.AllCaughtUp(TimeSpan.FromMinutes(5));
        await Eventually.Until(() => EventStoreChecks.Scalar(db, "select count(*) from wolverine_incoming_envelopes where status = 'Incoming'"),
            pending => pending == 0, TimeSpan.FromMinutes(5));
        await app.AllCaughtUp(TimeSpan.FromMinutes(5));
        // Backends report their counts at most once a second, and an idle one after ten.
        await Task.Delay(TimeSpan.FromSeconds(11));
    }

    private static async Task<(long Lsn, long FullPages)> Wal(NpgsqlConnection db)
    {
        var lsn = await EventStoreChecks.Scalar(db, "select pg_current_wal_lsn() - '0/0'::pg_lsn");
        var fpi = await EventStoreChecks.Scalar(db, "select wal_fpi from pg_stat_wal");
        return (lsn, fpi);
    }

    private static async Task<Dictionary<string, (long Ins, long Upd, long Hot, long Del, int Indexes)>> Tables(NpgsqlConnection db) =>
        (await EventStoreChecks.Lines(db, """
            select relname || '|' || n_tup_ins || '|' || n_tup_upd || '|' || n_tup_hot_upd || '|' || n_tup_del || '|' ||
                   (select count(*) from pg_index i where i.indrelid = s.relid)
              from pg_stat_user_tables s
            """))
        .Select(line => line.Split('|'))
        .ToDictionary(p => p[0], p => (long.Parse(p[1]), long.Parse(p[2]), long.Parse(p[3]), long.Parse(p[4]), int.Parse(p[5])));

    private static async Task<Dictionary<string, long>> IndexSizes(NpgsqlConnection db) =>
        (await EventStoreChecks.Lines(db, "select indexrelid::regclass::text || '|' || pg_relation_size(indexrelid) from pg_stat_user_indexes"))
        .Select(line => line.Split('|')).ToDictionary(p => p[0], p => long.Parse(p[1]));
}
