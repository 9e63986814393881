using System.Data.Common;
using System.Text;
using Marketplace.Api.Infrastructure.Hosting;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// The reporting schema (docs/adr/0028) as one more part of the store's schema, applied with the rest (at start-up in
/// Development, by <c>db-apply</c> in production) and after the tables its views read, since Marten yields features
/// added with <c>opts.Storage.Add</c> after its own tables. The views are owned by whoever applies the schema, so they
/// read the documents with that role's rights; readers get SELECT on the views and nothing under them.
/// </summary>
public sealed class ReportingSchema(StoreOptions options) : FeatureSchemaBase("ReportingSchema", options.Advanced.Migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Views(ReportingViews.All(options.DatabaseSchemaName));
    }

    /// <summary>
    /// All the views as one object: a change to any of them drops and recreates them all in one script. Whether the
    /// database has this very definition is told by a fingerprint of the script, kept in the schema's comment, as
    /// PostgreSQL's own rendering of a view's query never equals the text it was given.
    /// </summary>
    private sealed class Views(IReadOnlyList<ReportingView> views) : ISchemaObject
    {
        private static readonly string Schema = ReportingViews.Schema;
        private readonly string _script = Script(views);

        public DbObjectName Identifier { get; } = new PostgresqlObjectName(Schema, views[0].Name, SchemaUtils.IdentifierUsage.General);

        private string Comment => $"Read-only figures of the hiring funnel for BI tools (docs/analytics.md); definition {SchemaFingerprint.Of(_script)}";

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine(_script);
            writer.WriteLine($"comment on schema {Schema} is {Literal(Comment)};");
            // Views made again lose their grants; whoever may use the schema (the logins of the reporting-role verb)
            // gets SELECT on them again.
            writer.WriteLine($"""
                do $grants$
                declare reader regrole;
                begin
                  for reader in select a.grantee::regrole from pg_namespace n cross join lateral aclexplode(n.nspacl) a
                                 where n.nspname = '{Schema}' and a.privilege_type = 'USAGE' and a.grantee <> 0 and a.grantee <> n.nspowner
                  loop
                    execute format('grant select on all tables in schema {Schema} to %s', reader);
                  end loop;
                end
                $grants$;
                """);
        }

        /// <summary>
        /// Every view of the schema, those of an older definition too. The schema stays, and with it the readers' USAGE,
        /// by which they get SELECT on the views made again.
        /// </summary>
        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"""
            do $drop$
            declare view regclass;
            begin
              for view in select c.oid::regclass from pg_class c where c.relnamespace = to_regnamespace('{Schema}') and c.relkind = 'v'
              loop
                execute format('drop view if exists %s cascade', view);
              end loop;
            end
            $drop$;
            """);

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            builder.Append("select obj_description(to_regnamespace(");
            builder.AppendParameter(Schema);
            builder.Append("), 'pg_namespace'), (select count(*) from pg_views where schemaname = ");
            builder.AppendParameter(Schema);
            builder.Append(" and viewname = any(");
            builder.AppendParameter(views.Select(v => v.Name).ToArray());
            builder.Append("));");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            var comment = await reader.IsDBNullAsync(0, ct) ? null : reader.GetString(0);
            var present = reader.GetInt64(1);
            var difference = comment is null && present == 0 ? SchemaPatchDifference.Create
                : comment == Comment && present == views.Count ? SchemaPatchDifference.None
                : SchemaPatchDifference.Update;
            return new SchemaObjectDelta(this, difference);
        }

        public IEnumerable<DbObjectName> AllNames() =>
            views.Select(view => new PostgresqlObjectName(Schema, view.Name, SchemaUtils.IdentifierUsage.General));

        private static string Script(IReadOnlyList<ReportingView> views)
        {
            var script = new StringBuilder($"create schema if not exists {Schema};\n");
            foreach (var view in views)
            {
                // security_barrier: a reader's own functions in a WHERE clause see only rows the view lets through.
                script.Append($"create view {Schema}.{view.Name} with (security_barrier) as\n{view.Query};\n");
                script.Append($"comment on view {Schema}.{view.Name} is {Literal(view.Description)};\n");
                foreach (var column in view.Columns)
                    script.Append($"comment on column {Schema}.{view.Name}.{column.Name} is {Literal(column.Description)};\n");
            }
            return script.ToString();
        }

        private static string Literal(string text) => $"'{text.Replace("'", "''")}'";
    }
}
