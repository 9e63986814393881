using System.Data.Common;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Tables that PostgreSQL keeps from a document table by triggers, in the transaction that writes the documents
/// (docs/adr/0033): a row trigger (<paramref name="keeper"/>) that changes the tables as each document is written or
/// deleted, and a truncate trigger (<paramref name="cleared"/>) that empties them when the documents are (a rebuild). Each
/// trigger's function has its name. The tables, triggers and functions are one schema object, registered as a storage
/// feature after the documents' table and applied with the rest of the schema. It is told apart from an older definition
/// by a fingerprint in the row function's comment, and made again when that differs or a trigger is missing (a
/// documents' table made again loses its triggers). Each time, the tables are filled afresh from the documents, for a
/// database that had documents before it had the tables.
/// </summary>
public abstract class TriggerKeptTables(StoreOptions options, string feature, string documents, string[] tables, string keeper, string cleared,
    string description) : FeatureSchemaBase(feature, options.Advanced.Migrator)
{
    /// <summary>The tables, where they are missing.</summary>
    protected abstract string Create { get; }

    /// <summary>
    /// The body of the row trigger's function, between dollar quotes named <c>$tag$</c>: what the insert, update or
    /// delete of a document changes in the tables.
    /// </summary>
    protected abstract (string Tag, string Body) Keep { get; }

    /// <summary>The tables' rows made afresh from the documents.</summary>
    protected abstract string Fill { get; }

    private string Script => $"""
        {Create}
        create or replace function {Qualified(keeper)}() returns trigger language plpgsql as ${Keep.Tag}$
        {Keep.Body}
        ${Keep.Tag}$;
        create or replace function {Qualified(cleared)}() returns trigger language plpgsql as $clear$
        begin
          truncate {string.Join(", ", tables.Select(Qualified))};
          return null;
        end
        $clear$;
        drop trigger if exists {keeper} on {Documents};
        create trigger {keeper} after insert or update or delete on {Documents} for each row execute function {Qualified(keeper)}();
        drop trigger if exists {cleared} on {Documents};
        create trigger {cleared} after truncate on {Documents} for each statement execute function {Qualified(cleared)}();
        {Fill}
        """;

    protected string Documents => Qualified(documents);

    protected string Qualified(string name) => $"{options.DatabaseSchemaName}.{name}";

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Kept(this, options.DatabaseSchemaName, tables, [keeper, cleared], description);
    }

    private sealed class Kept(TriggerKeptTables kept, string schema, string[] tables, string[] triggers, string description) : ISchemaObject
    {
        private string Comment => $"{description}; definition {SchemaFingerprint.Of(kept.Script)}";

        private string Function => kept.Qualified(triggers[0]);

        public DbObjectName Identifier => Name(tables[0]);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine(kept.Script);
            writer.WriteLine($"comment on function {Function}() is '{Comment}';");
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            foreach (var trigger in triggers) writer.WriteLine($"drop trigger if exists {trigger} on {kept.Documents};");
            foreach (var trigger in triggers) writer.WriteLine($"drop function if exists {kept.Qualified(trigger)}();");
            foreach (var table in tables) writer.WriteLine($"drop table if exists {kept.Qualified(table)};");
        }

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            builder.Append($"select obj_description(to_regprocedure('{Function}()'), 'pg_proc'), (select count(*) from pg_trigger " +
                           $"where tgrelid = to_regclass('{kept.Documents}') and tgname in ({string.Join(", ", triggers.Select(t => $"'{t}'"))}));");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            var comment = await reader.IsDBNullAsync(0, ct) ? null : reader.GetString(0);
            var found = reader.GetInt64(1);
            var difference = comment is null && found == 0 ? SchemaPatchDifference.Create
                : comment == Comment && found == triggers.Length ? SchemaPatchDifference.None
                : SchemaPatchDifference.Update;
            return new SchemaObjectDelta(this, difference);
        }

        public IEnumerable<DbObjectName> AllNames() => tables.Select(Name);

        private DbObjectName Name(string table) => new PostgresqlObjectName(schema, table, SchemaUtils.IdentifierUsage.General);
    }
}
