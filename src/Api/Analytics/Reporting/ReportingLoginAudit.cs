using Npgsql;

namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// What a reporting login may do in this database beyond reading the reporting views, as PostgreSQL's own privilege
/// functions answer it: every right it holds directly, through PUBLIC or through a role, counts. The verb runs it after
/// every grant and fails on a problem; notes are rights every role has by default and that reach no data.
/// </summary>
public static class ReportingLoginAudit
{
    public sealed record Findings(IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

    private const string Outside = "n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'";

    private static readonly string ProblemsQuery = $"""
        select 'attribute ' || v.attribute from pg_roles r
         cross join lateral (values ('SUPERUSER', r.rolsuper), ('CREATEROLE', r.rolcreaterole), ('CREATEDB', r.rolcreatedb),
                                    ('REPLICATION', r.rolreplication), ('BYPASSRLS', r.rolbypassrls)) as v(attribute, held)
         where r.rolname = @role and v.held
        union all
        select 'member of ' || m.roleid::regrole from pg_auth_members m where m.member = to_regrole(@role)
        union all
        select format('%s on %I.%I', p.privilege, n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
         cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(privilege)
         where c.relkind in ('r', 'p', 'v', 'm', 'f') and {Outside}
           and not (n.nspname = '{ReportingViews.Schema}' and c.relkind = 'v' and p.privilege = 'SELECT')
           and (has_table_privilege(@role, c.oid, p.privilege)
                or (p.privilege in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') and has_any_column_privilege(@role, c.oid, p.privilege)))
        union all
        select format('%s on sequence %I.%I', p.privilege, n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
         cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as p(privilege)
         where c.relkind = 'S' and {Outside} and has_sequence_privilege(@role, c.oid, p.privilege)
        union all
        select format('CREATE on schema %I', n.nspname) from pg_namespace n where has_schema_privilege(@role, n.oid, 'CREATE')
        union all
        select format('USAGE on schema %I', n.nspname) from pg_namespace n
         where {Outside} and n.nspname not in ('public', '{ReportingViews.Schema}') and has_schema_privilege(@role, n.oid, 'USAGE')
        union all
        select format('CREATE on database %I', current_database()) where has_database_privilege(@role, current_database(), 'CREATE')
        union all
        select format('EXECUTE on %s, which runs with its owner''s rights', p.oid::regprocedure) from pg_proc p
          join pg_namespace n on n.oid = p.pronamespace
         where p.prosecdef and {Outside} and has_schema_privilege(@role, n.oid, 'USAGE') and has_function_privilege(@role, p.oid, 'EXECUTE')
        union all
        select format('no SELECT on %I.%I', '{ReportingViews.Schema}', c.relname) from pg_class c
         where c.relnamespace = to_regnamespace('{ReportingViews.Schema}') and c.relkind = 'v' and not has_table_privilege(@role, c.oid, 'SELECT')
        union all
        select 'no USAGE on schema {ReportingViews.Schema}' where not has_schema_privilege(@role, '{ReportingViews.Schema}', 'USAGE')
        """;

    private const string NotesQuery = """
        select 'USAGE on schema public, which PostgreSQL grants to PUBLIC: it sees the names of the tables there and may read none of them'
         where has_schema_privilege(@role, 'public', 'USAGE')
        union all
        select 'TEMPORARY on the database, which PostgreSQL grants to PUBLIC: it may make temporary tables of its own, gone with its session'
         where has_database_privilege(@role, current_database(), 'TEMPORARY')
        """;

    public static async Task<Findings> Of(NpgsqlConnection db, string name) =>
        new(await Lines(db, ProblemsQuery, name), await Lines(db, NotesQuery, name));

    private static async Task<List<string>> Lines(NpgsqlConnection db, string sql, string name)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.Add(new NpgsqlParameter("role", NpgsqlTypes.NpgsqlDbType.Name) { Value = name });
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }
}
