using Marketplace.Api.Analytics.Reporting;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Common;
using Marten;
using Npgsql;
using Shouldly;
using Weasel.Core;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// A login made by the reporting-role verb reads the reporting views and nothing else: no table of the store, no
/// column outside the views, nothing it could create. Tried as that login, the way a BI tool connects.
/// </summary>
[Collection(nameof(ReportingSchemaCollection))]
public class reporting_login(AppFixture app)
{
    private static readonly string[] DailyCounts =
    [
        "applications", "reached_applied", "reached_screening", "reached_interview", "reached_offer", "reached_hired",
        "rejected", "withdrawn", "offers_declined", "closed",
    ];

    /// <summary>
    /// Every column a reporting login may see. A new column fails this test until it is added here, after asking
    /// whether it says anything about a person: names, emails, handles, notes, cover letters, candidate or
    /// application ids never belong in the reporting schema.
    /// </summary>
    private static readonly string[] Allowed =
    [
        .. Columns("companies", "company_id", "slug", "name"),
        .. Columns("drop_off_daily", "day", "company_id", "posting_id", "source", "outcome", "stage", "reason", "applications"),
        .. Columns("funnel_daily", ["day", "company_id", "posting_id", "source", .. DailyCounts]),
        .. Columns("funnel_daily_by_skill", ["day", "company_id", "posting_id", "skill", "source", .. DailyCounts]),
        .. Columns("postings", "posting_id", "company_id", "title", "role", "seniority", "remote_policy", "skills", "status", "close_reason",
            "published_at", "expires_on"),
        .. Columns("stage_stays", "month", "grouped_by", "company_id", "posting_id", "skill", "source", "stage", "stage_order", "applications",
            "stays", "median_hours", "p90_hours", "suppressed"),
        .. Columns("time_to_hire", "month", "grouped_by", "company_id", "posting_id", "skill", "source", "applications", "hires",
            "median_days_to_hire", "suppressed"),
    ];

    private static IEnumerable<string> Columns(string view, params string[] columns) => columns.Select(c => $"{view}.{c}");

    [Fact]
    public async Task it_reads_every_view_and_sees_no_column_but_the_allowed_ones()
    {
        await using var reader = await ReportingReader.Create();
        var visible = await reader.Rows("select table_schema || '.' || table_name || '.' || column_name from information_schema.columns " +
                                        "where table_schema not in ('pg_catalog', 'information_schema') order by 1");
        visible.Select(r => ((string)r[0]!)["reporting.".Length..]).ShouldBe(Allowed.Order(StringComparer.Ordinal),
            "the login sees exactly the reporting views' columns, and none of another schema");
        visible.ShouldAllBe(r => ((string)r[0]!).StartsWith("reporting."));

        foreach (var view in Allowed.Select(c => c.Split('.')[0]).Distinct())
            await reader.Rows($"select * from reporting.{view} limit 5");
    }

    [Fact]
    public async Task it_reads_no_table_of_the_store_even_by_name()
    {
        await using var reader = await ReportingReader.Create();
        await using var admin = await ReportingReader.Admin();
        var relations = await EventStoreChecks.Lines(admin, "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
                                           "where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not like 'pg\\_%' " +
                                           "and n.nspname not in ('information_schema', 'reporting') order by 1");
        relations.ShouldContain("public.mt_events");
        relations.ShouldContain("public.mt_streams");
        relations.ShouldContain("public.mt_doc_applicationtimeline");
        relations.ShouldContain("public.mt_doc_candidateview");
        relations.ShouldContain("accounts.\"AspNetUsers\"");

        var readable = new List<string>();
        foreach (var relation in relations)
        {
            if (await SqlStateOf(reader, $"select * from {relation} limit 1") != PostgresErrorCodes.InsufficientPrivilege) readable.Add(relation);
        }
        readable.ShouldBeEmpty();
    }

    [Fact]
    public async Task it_creates_nothing_and_its_transactions_are_read_only()
    {
        await using var reader = await ReportingReader.Create();
        (await SqlStateOf(reader, "create table reporting.mine (id int)")).ShouldBe(PostgresErrorCodes.ReadOnlySqlTransaction);

        // Even in a transaction it makes writable itself, it may create nothing anywhere.
        foreach (var statement in new[]
                 {
                     "create table public.mine (id int)", "create table reporting.mine (id int)", "create schema mine",
                     "create view reporting.mine as select 1 as one", "create function reporting.mine() returns int language sql as 'select 1'",
                     "insert into public.mt_doc_skill (id, data) values ('x', '{}')", "delete from reporting.companies",
                 })
            (await SqlStateOf(reader, statement, readWrite: true)).ShouldBe(PostgresErrorCodes.InsufficientPrivilege, statement);
    }

    [Fact]
    public async Task the_verb_takes_back_whatever_else_the_login_was_given_and_the_audit_sees_it()
    {
        await using var reader = await ReportingReader.Create();
        await using var admin = await ReportingReader.Admin();
        var findings = await ReportingLoginAudit.Of(admin, reader.Name);
        findings.Problems.ShouldBeEmpty();
        findings.Notes.Count.ShouldBe(2, "USAGE on public and TEMPORARY, which every role has by default");

        await Execute(admin, $"grant select on mt_doc_candidateview to {reader.Name}; grant pg_read_all_data to {reader.Name}; " +
                             $"grant usage on schema accounts to {reader.Name}");
        (await ReportingLoginAudit.Of(admin, reader.Name)).Problems.ShouldBe(
            ["member of pg_read_all_data", "SELECT on public.mt_doc_candidateview", "USAGE on schema accounts"], ignoreOrder: true);

        (await ReportingLogin.Grant(admin, reader.Name)).Password.ShouldBeNull("an existing login keeps its password");
        (await ReportingLoginAudit.Of(admin, reader.Name)).Problems.ShouldBeEmpty();
        (await SqlStateOf(reader, "select * from public.mt_doc_candidateview")).ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task the_verb_refuses_a_role_it_did_not_make_and_a_name_it_would_have_to_quote()
    {
        await using var admin = await ReportingReader.Admin();
        var user = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString).Username!;
        (await Should.ThrowAsync<RuleViolation>(() => ReportingLogin.Grant(admin, user))).Message.ShouldContain("not a reporting login");
        await Should.ThrowAsync<RuleViolation>(() => ReportingLogin.Grant(admin, "Robert'); drop table mt_events; --"));
        await Should.ThrowAsync<RuleViolation>(() => ReportingLogin.Grant(admin, "metabase", password: "naïve"));
    }

    [Fact]
    public async Task views_made_again_by_a_schema_change_keep_their_readers()
    {
        await using var reader = await ReportingReader.Create();
        await using var admin = await ReportingReader.Admin();
        var options = (StoreOptions)app.Store.Options;
        var views = new ReportingSchema(options).Objects.Single();
        var update = new StringWriter();
        new SchemaObjectDelta(views, SchemaPatchDifference.Update).WriteUpdate(options.Advanced.Migrator, update);
        await using (var transaction = await admin.BeginTransactionAsync())
        {
            await Execute(admin, update.ToString());
            await transaction.CommitAsync();
        }

        (await reader.Rows("select count(*) from reporting.funnel_daily")).ShouldHaveSingleItem();
        await using var check = admin.CreateCommand();
        var query = new DbCommandBuilder(check);
        views.ConfigureQueryCommand(query);
        query.Compile();
        await using var state = await check.ExecuteReaderAsync();
        (await views.CreateDeltaAsync(state)).Difference.ShouldBe(SchemaPatchDifference.None, "the schema's fingerprint is current again");
    }

    [Fact]
    public async Task the_verb_prints_a_new_logins_password_once_and_removes_the_login()
    {
        var name = "reporting_verb_" + Guid.NewGuid().ToString("N")[..8];
        var (created, output) = await ApiProcess.RunVerb("Development", null, "reporting-role", name);
        created.ShouldBe(0, output);
        var password = output.Split('\n').SkipWhile(line => !line.StartsWith("Its password, shown this once")).Skip(1).First().Trim();
        password.Length.ShouldBe(32);

        var (updated, again) = await ApiProcess.RunVerb("Development", null, "reporting-role", name);
        updated.ShouldBe(0, again);
        again.ShouldContain($"Updated the login {name}");
        again.ShouldNotContain("password");

        var (removed, gone) = await ApiProcess.RunVerb("Development", null, "reporting-role", name, "--remove");
        removed.ShouldBe(0, gone);
        await using var admin = await ReportingReader.Admin();
        (await EventStoreChecks.Lines(admin, $"select rolname from pg_roles where rolname = '{name}'")).ShouldBeEmpty();
    }

    private static async Task<string?> SqlStateOf(ReportingReader reader, string sql, bool readWrite = false)
    {
        await using var db = new NpgsqlConnection(reader.ConnectionString);
        await db.OpenAsync();
        await using var transaction = await db.BeginTransactionAsync();
        try
        {
            if (readWrite) await Execute(db, "set transaction read write");
            await Execute(db, sql);
            return null;
        }
        catch (PostgresException refused)
        {
            return refused.SqlState;
        }
    }

    private static async Task Execute(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
