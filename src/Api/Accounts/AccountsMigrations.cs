using Marten;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Marketplace.Api.Accounts;

/// <summary>
/// The accounts schema as one more part of the store's schema, so that <c>db-apply</c> (and <c>db-assert</c>,
/// <c>db-patch</c>) cover it with the rest: it is missing or behind when EF Core's history table lacks the latest
/// migration, and it is brought up to date by EF Core's own idempotent script of every migration (docs/adr/0025).
/// In Development <see cref="AccountsSchema"/> migrates at start-up before anything reads the schema.
/// </summary>
public sealed class AccountsMigrations(StoreOptions options, string connectionString) : FeatureSchemaBase("AccountsMigrations", options.Advanced.Migrator)
{
    /// <summary>The latest migration's id, read from the migrations' attributes: no model is built for it.</summary>
    private static readonly string Latest = typeof(AccountsDb).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttributes(typeof(DbContextAttribute), false)
            .OfType<DbContextAttribute>().Any(a => a.ContextType == typeof(AccountsDb)))
        .Select(t => t.GetCustomAttributes(typeof(MigrationAttribute), false).OfType<MigrationAttribute>().Single().Id)
        .Max(StringComparer.Ordinal)!;

    // The script is made only when Weasel writes it (db-apply, or start-up in Development), not at every start.
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Migrated(Latest, () =>
        {
            using var db = new AccountsDb(Options(connectionString));
            return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent | MigrationsSqlGenerationOptions.NoTransactions);
        });
    }

    private static DbContextOptions<AccountsDb> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AccountsDb>();
        var services = new ServiceCollection();
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(AccountsSetup.Identity);
        builder.UseApplicationServiceProvider(services.BuildServiceProvider());
        AccountsDb.Configure(builder, connectionString);
        return builder.Options;
    }

    private sealed class Migrated(string latest, Func<string> script) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new PostgresqlObjectName(AccountsDb.Schema, "__migrations", SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(script());

        // Accounts are not dropped with the event store's tables.
        public void WriteDropStatement(Migrator rules, TextWriter writer) { }

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            // The history table may not exist yet: its rows are read by a statement built only when it does.
            builder.Append("select case when to_regclass('accounts.\"__migrations\"') is null then 0 else ");
            builder.Append("(xpath('/row/n/text()', query_to_xml(format('select count(*) as n from accounts.\"__migrations\" where \"MigrationId\" = %L', ");
            builder.AppendParameter(latest);
            builder.Append("::text), false, true, '')))[1]::text::int end;");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            return new SchemaObjectDelta(this, reader.GetInt32(0) > 0 ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }
}
