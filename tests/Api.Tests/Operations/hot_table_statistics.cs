using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Operations;

/// <summary>The tables every command writes are analysed from a small sample, and their documents not at all (docs/adr/0019).</summary>
public class hot_table_statistics(AppFixture app)
{
    private static readonly string[] HotTables = [.. HotTableStatistics.EventTables, .. HotTableStatistics.DocumentTables];

    [Fact]
    public async Task the_schema_gives_the_hot_tables_small_samples_and_their_documents_none_and_leaves_the_others()
    {
        var targets = await Targets(HotTables);
        targets.Select(t => t.Table).Distinct().Order().ShouldBe(HotTables.Order());
        foreach (var (table, column, target) in targets)
        {
            var wanted = column is "data" or "bdata" ? 0 : HotTableStatistics.KeyColumnTarget;
            target.ShouldBe(wanted, $"{table}.{column}");
        }

        var postings = await Targets(["mt_doc_postingview"]);
        postings.ShouldNotBeEmpty();
        postings.ShouldAllBe(t => t.Target == -1, "the postings search filters its documents as a whole");
    }

    [Fact]
    public async Task applying_the_schema_again_restores_a_target_changed_by_hand()
    {
        await EventStoreChecks.Execute(AppFixture.ConnectionString, "alter table mt_doc_applicationview alter column data set statistics -1, alter column stage set statistics 100");
        await app.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var targets = (await Targets(["mt_doc_applicationview"])).ToDictionary(t => t.Column, t => t.Target);
        targets["data"].ShouldBe(0);
        targets["stage"].ShouldBe(HotTableStatistics.KeyColumnTarget);
    }

    private static async Task<List<(string Table, string Column, int Target)>> Targets(string[] tables)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select c.relname, a.attname, a.attstattarget from pg_attribute a join pg_class c on c.oid = a.attrelid " +
            "join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname = 'public' and c.relname = any($1) and a.attnum > 0 and not a.attisdropped", connection);
        command.Parameters.AddWithValue(tables);
        await using var reader = await command.ExecuteReaderAsync();
        var targets = new List<(string, string, int)>();
        while (await reader.ReadAsync()) targets.Add((reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2))));
        return targets;
    }
}
