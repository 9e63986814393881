using System.Diagnostics;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Api.Analytics;

/// <summary>What a bulk rebuild did.</summary>
public sealed record TimelineRebuildResult(long Events, long Timelines, long UpTo, TimeSpan Elapsed);

/// <summary>
/// Rebuilds the <see cref="ApplicationTimeline"/> read model in bulk (ADR 0013): one ordered read of the
/// application events, the projection's own Create and Apply methods in memory, one stream at a time, and a binary
/// COPY into the emptied table with its secondary indexes dropped and recreated around it, all in one transaction that
/// also moves the projection's progress to the last event read. Marten's daemon writes every timeline through an
/// upsert function, which ran at a few thousand events per second at a million applications (docs/performance.md).
/// Run it while no API process is projecting (the verb builds the host without starting it).
/// </summary>
public sealed class TimelineBulkRebuild(IDocumentStore store)
{
    public const string Shard = "ApplicationTimeline:All";

    /// <summary>The events the projection handles; a test holds this list to the projection's own methods.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(ApplicationSubmitted), typeof(ApplicationAdvanced), typeof(OfferExtended), typeof(OfferAccepted),
        typeof(ApplicationRejected), typeof(ApplicationWithdrawn), typeof(OfferDeclined), typeof(ApplicationClosed),
    ];

    public async Task<TimelineRebuildResult> Run(CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var serializer = store.Options.Serializer();
        var eventGraph = (Marten.Events.EventGraph)store.Options.Events;
        var byAlias = EventTypes.ToDictionary(type => eventGraph.EventMappingFor(type).EventTypeName);
        var table = store.Options.Schema.For<ApplicationTimeline>(true);
        var (schema, tableName) = (table.Split('.')[0], table.Split('.')[1]);
        var events = store.Options.Schema.ForEvents(true);
        var progression = store.Options.Schema.ForEventProgression(true);
        var projection = new ApplicationTimelineProjection();

        await using var writer = store.Storage.Database.CreateConnection();
        await writer.OpenAsync(cancellation);
        await using var transaction = await writer.BeginTransactionAsync(cancellation);
        // Nobody else may rebuild or project timelines meanwhile: the table stays locked until the commit.
        await Execute(writer, $"lock table {table} in access exclusive mode", cancellation);
        var upTo = await Scalar<long>(writer, $"select coalesce(max(seq_id), 0) from {events}", cancellation);
        var indexes = await SecondaryIndexes(writer, schema, tableName, cancellation);
        foreach (var (name, _) in indexes) await Execute(writer, $"drop index {schema}.{name}", cancellation);
        await Execute(writer, $"truncate {table}", cancellation);

        long eventCount = 0, timelines = 0;
        await using (var reader = store.Storage.Database.CreateConnection())
        {
            await reader.OpenAsync(cancellation);
            await using var copy = await writer.BeginBinaryImportAsync(
                $"copy {table} (id, data, mt_version, mt_dotnet_type, mt_last_modified, submitted_at, company_id, posting_id, source) from stdin (format binary)",
                cancellation);
            await using var read = new NpgsqlCommand(
                $"select stream_id, version, type, data from {events} where type = any($1) and seq_id <= $2 and is_archived = false " +
                "order by stream_id, version", reader)
            {
                Parameters = { new() { Value = byAlias.Keys.ToArray() }, new() { Value = upTo } },
                CommandTimeout = 0,
            };
            await using var rows = await read.ExecuteReaderAsync(cancellation);
            var now = DateTimeOffset.UtcNow;
            ApplicationTimeline? timeline = null;
            long version = 0;
            var stream = Guid.Empty;
            while (await rows.ReadAsync(cancellation))
            {
                var id = rows.GetGuid(0);
                if (id != stream)
                {
                    timelines += await Write(copy, timeline, version, now, serializer, cancellation);
                    (stream, timeline) = (id, null);
                }
                version = rows.GetInt64(1);
                timeline = Apply(projection, timeline, serializer.FromJson(byAlias[rows.GetString(2)], rows, 3));
                eventCount++;
            }
            timelines += await Write(copy, timeline, version, now, serializer, cancellation);
            await copy.CompleteAsync(cancellation);
        }

        foreach (var (_, definition) in indexes) await Execute(writer, definition, cancellation);
        await using (var progress = new NpgsqlCommand(
                         $"insert into {progression} (name, last_seq_id, last_updated) values ($1, $2, transaction_timestamp()) " +
                         "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated", writer)
                     { Parameters = { new() { Value = Shard }, new() { Value = upTo } } })
            await progress.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return new TimelineRebuildResult(eventCount, timelines, upTo, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The projection's own methods, so the bulk path cannot drift from what the daemon builds.</summary>
    private static ApplicationTimeline? Apply(ApplicationTimelineProjection projection, ApplicationTimeline? timeline, object e)
    {
        if (e is ApplicationSubmitted submitted) return projection.Create(submitted);
        if (timeline is null) return null; // as the daemon does: no timeline before its submission, nothing to apply to
        switch (e)
        {
            case ApplicationAdvanced x: projection.Apply(x, timeline); break;
            case OfferExtended x: projection.Apply(x, timeline); break;
            case OfferAccepted x: projection.Apply(x, timeline); break;
            case ApplicationRejected x: projection.Apply(x, timeline); break;
            case ApplicationWithdrawn x: projection.Apply(x, timeline); break;
            case OfferDeclined x: projection.Apply(x, timeline); break;
            case ApplicationClosed x: projection.Apply(x, timeline); break;
        }
        return timeline;
    }

    /// <summary>Copies one finished timeline; a stream whose events made none (no submission) writes nothing. Answers the rows written.</summary>
    private static async Task<int> Write(NpgsqlBinaryImporter copy, ApplicationTimeline? timeline, long version, DateTimeOffset now,
        Marten.ISerializer serializer, CancellationToken cancellation)
    {
        if (timeline is null) return 0;
        await copy.StartRowAsync(cancellation);
        await copy.WriteAsync(timeline.Id, NpgsqlDbType.Uuid, cancellation);
        await copy.WriteAsync(serializer.ToJson(timeline), NpgsqlDbType.Jsonb, cancellation);
        await copy.WriteAsync(version, NpgsqlDbType.Bigint, cancellation);
        await copy.WriteAsync(typeof(ApplicationTimeline).FullName!, NpgsqlDbType.Varchar, cancellation);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellation);
        await copy.WriteAsync(timeline.SubmittedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellation);
        await copy.WriteAsync(timeline.CompanyId, NpgsqlDbType.Uuid, cancellation);
        await copy.WriteAsync(timeline.PostingId, NpgsqlDbType.Uuid, cancellation);
        await copy.WriteAsync(timeline.Source.ToString(), NpgsqlDbType.Varchar, cancellation);
        return 1;
    }

    /// <summary>Every index but the primary key, with the statement that makes it again exactly as Marten made it.</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexes(NpgsqlConnection connection, string schema, string table,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "select i.indexname, i.indexdef from pg_indexes i join pg_class c on c.relname = i.indexname " +
            "join pg_index x on x.indexrelid = c.oid where i.schemaname = $1 and i.tablename = $2 and not x.indisprimary", connection)
        {
            Parameters = { new() { Value = schema }, new() { Value = table } },
        };
        var indexes = new List<(string, string)>();
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation)) indexes.Add((rows.GetString(0), rows.GetString(1)));
        return indexes;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
