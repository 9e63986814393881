using Marten;
using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Smaller statistics samples for the tables every command writes (docs/adr/0019). PostgreSQL's autovacuum analyses a
/// table after a tenth of it changed; with the default target it samples 30,000 rows and computes statistics of each
/// column, whole JSON documents included, for 0.2–0.4 s of one core per table at the bench's size. On a small server
/// that core is taken from the API and its commands, and the open loop's slow seconds lined up with those analyses.
/// Every read of these tables goes through a key or an indexed column, which 3,000 sampled rows describe as well, and
/// no query compares whole documents, so the document columns get no statistics at all.
/// Registered as a storage feature, so it is applied with the rest of the schema (at start-up in Development, by
/// <c>db-apply</c> in production), after the tables it alters.
/// </summary>
public sealed class HotTableStatistics(StoreOptions options) : FeatureSchemaBase("HotTableStatistics", options.Advanced.Migrator)
{
    /// <summary>300 rows are sampled per unit of the largest target of a table's columns.</summary>
    public const int KeyColumnTarget = 10;

    /// <summary>The event store's tables, written by every command.</summary>
    public static readonly string[] EventTables = ["mt_events", "mt_streams"];

    /// <summary>Document tables written by every command or projection batch.</summary>
    public static readonly string[] DocumentTables =
    [
        "mt_doc_applicationview", "mt_doc_applicationtimeline", "mt_doc_candidateview", "mt_doc_submissionview", "mt_doc_submissionsignature",
        "mt_doc_leaderboardrow", "mt_doc_talentprofile", "mt_doc_idempotencyrecord",
    ];

    /// <summary>Columns that hold whole documents or event bodies; nothing filters or sorts on them as a whole.</summary>
    public static readonly string[] DocumentColumns = ["data", "bdata"];

    protected override IEnumerable<ISchemaObject> schemaObjects() =>
        EventTables.Select(table => new PostgresqlObjectName(options.Events.DatabaseSchemaName, table, SchemaUtils.IdentifierUsage.General))
            .Concat(DocumentTables.Select(table => new PostgresqlObjectName(options.DatabaseSchemaName, table, SchemaUtils.IdentifierUsage.General)))
            .Select(table => new ColumnStatistics(table));

    /// <summary>The statistics targets of one table's columns: whatever columns it has now, so added ones are covered.</summary>
    private sealed class ColumnStatistics(DbObjectName table) : ISchemaObject
    {
        private static readonly string Wanted =
            $"case when attname in ({string.Join(", ", DocumentColumns.Select(c => $"'{c}'"))}) then 0 else {KeyColumnTarget} end";

        public DbObjectName Identifier { get; } = new PostgresqlObjectName(table.Schema, $"{table.Name}_statistics", SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(Statement(Wanted));

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine(Statement("-1"));

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            builder.Append("select count(*) filter (where attstattarget is distinct from ");
            builder.Append(Wanted);
            builder.Append("), count(*) from pg_attribute where attrelid = to_regclass(");
            builder.AppendParameter(table.QualifiedName);
            builder.Append(") and attnum > 0 and not attisdropped;");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            var (differing, columns) = (reader.GetInt64(0), reader.GetInt64(1));
            var difference = columns == 0 ? SchemaPatchDifference.Create
                : differing > 0 ? SchemaPatchDifference.Update
                : SchemaPatchDifference.None;
            return new SchemaObjectDelta(this, difference);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }

        /// <summary>One ALTER for all of the table's columns, each set to the target the expression gives it.</summary>
        private string Statement(string target) =>
            $"""
            DO $statistics$
            DECLARE changes text;
            BEGIN
              SELECT string_agg(format('ALTER COLUMN %I SET STATISTICS %s', attname, {target}), ', ' ORDER BY attnum) INTO changes
                FROM pg_attribute WHERE attrelid = '{table.QualifiedName}'::regclass AND attnum > 0 AND NOT attisdropped;
              EXECUTE format('ALTER TABLE %s %s', '{table.QualifiedName}', changes);
            END
            $statistics$;
            """;
    }
}
