using Marketplace.Api.Analytics;
using Marketplace.Api.Tests.Support;
using Marketplace.Projections.Analytics;
using Marten;
using Npgsql;
using Shouldly;
using Weasel.Core;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// The bulk rebuild of application timelines (ADR 0013) must leave exactly what Marten's own rebuild leaves: the same
/// documents, versions and duplicated columns, the same indexes, and the projection's progress at the last event.
/// It runs on a database of its own, because it empties the timeline table.
/// </summary>
public class bulk_timeline_rebuild
{
    private const string Rows =
        "select id, data::text, mt_version, mt_dotnet_type, submitted_at, company_id, posting_id, source from mt_doc_applicationtimeline order by id";

    [Fact]
    public async Task leaves_what_the_daemons_rebuild_leaves_and_repairs_a_damaged_table()
    {
        await using var api = await ApiProcess.Start();
        await using (var store = DocumentStore.For(opts =>
                     {
                         opts.Connection(api.ConnectionString);
                         opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                         opts.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
                     }))
        {
            await new GoldenHistory().Write(store);
            await new GoldenHistory().Write(store);
        }
        await api.Kill();
        await using var database = NpgsqlDataSource.Create(api.ConnectionString);

        var (code, output) = await api.RunVerb("projections", "rebuild", "-p", "ApplicationTimeline");
        code.ShouldBe(0, output);
        var byDaemon = await Table(database, Rows);
        var indexes = await Table(database, "select indexname, indexdef from pg_indexes where tablename = 'mt_doc_applicationtimeline' order by 1");
        byDaemon.Count.ShouldBeGreaterThan(10);

        // Damage the read model: a lost timeline, a wrong one, one with no application behind it.
        await Execute(database, "delete from mt_doc_applicationtimeline where id = (select id from mt_doc_applicationtimeline order by id limit 1)");
        await Execute(database, "update mt_doc_applicationtimeline set data = jsonb_set(data, '{Outcome}', '\"Hired\"'), mt_version = 99");
        await Execute(database, "insert into mt_doc_applicationtimeline (id, data, submitted_at, company_id, posting_id, source) " +
                                "select gen_random_uuid(), data, submitted_at, company_id, posting_id, source from mt_doc_applicationtimeline limit 1");
        await Execute(database, "update mt_event_progression set last_seq_id = 0 where name = 'ApplicationTimeline:All'");

        (code, output) = await api.RunVerb("rebuild-timelines");
        code.ShouldBe(0, output);
        output.ShouldContain($"Rebuilt {byDaemon.Count} application timelines");

        (await Table(database, Rows)).ShouldBe(byDaemon);
        (await Table(database, "select indexname, indexdef from pg_indexes where tablename = 'mt_doc_applicationtimeline' order by 1")).ShouldBe(indexes);
        (await Table(database, "select last_seq_id::text from mt_event_progression where name = 'ApplicationTimeline:All'"))
            .ShouldBe(await Table(database, "select max(seq_id)::text from mt_events"));
    }

    [Fact]
    public void handles_every_event_the_projection_handles()
    {
        var handled = typeof(ApplicationTimelineProjection).GetMethods()
            .Where(m => m.DeclaringType == typeof(ApplicationTimelineProjection) && m.Name is "Create" or "Apply")
            .Select(m => m.GetParameters()[0].ParameterType);
        TimelineBulkRebuild.EventTypes.ShouldBe(handled, ignoreOrder: true);
    }

    private static async Task<List<string>> Table(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static async Task Execute(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
