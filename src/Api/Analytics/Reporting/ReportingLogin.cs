using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Marketplace.Domain.Common;
using Npgsql;

namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// A PostgreSQL login for a BI tool that reads the reporting schema and nothing else (docs/adr/0028). Made and kept up
/// by the <c>reporting-role</c> verb, on a connection of a role that may create roles; the login is marked with a
/// comment, so that the verb never turns a role it did not make into a reporting login.
/// </summary>
public static partial class ReportingLogin
{
    public const string Marker = "Marketplace reporting login: reads the schema reporting and nothing else (reporting-role verb)";

    /// <summary>BI tools keep a pool of connections; this many at most keep the database's own connections free.</summary>
    public const int ConnectionLimit = 10;

    /// <summary>A runaway chart stops here instead of holding a core of the database.</summary>
    public const string StatementTimeout = "5min";

    /// <param name="Created">Whether the login was made now (rather than brought back to the reporting access).</param>
    /// <param name="Password">The password this call generated, shown once; null when it was given or kept.</param>
    public sealed record Granted(bool Created, string? Password);

    /// <summary>
    /// Makes the login, or brings an existing one back to exactly the reporting access: USAGE on the schema, SELECT on
    /// its views, CONNECT on this database, read-only transactions, no memberships and nothing else it is known to have
    /// been given here. A new login gets a generated password unless one is given; an existing one keeps its own unless
    /// a new one is given or asked for.
    /// </summary>
    public static async Task<Granted> Grant(NpgsqlConnection db, string name, string? password = null, bool newPassword = false)
    {
        if (password is not null && !ScramVerifier.Accepts(password))
            throw new RuleViolation("The password must not be empty and must be printable ASCII (letters, digits, punctuation, spaces).");
        await using var transaction = await db.BeginTransactionAsync();
        var exists = await Existing(db, name);
        if (await Scalar(db, "select true where to_regnamespace(@schema) is not null", "schema", ReportingViews.Schema) is null)
            throw new RuleViolation($"The schema {ReportingViews.Schema} is missing: run the db-apply verb first.");
        var generated = password is null && (!exists || newPassword) ? Generate() : null;
        var verifier = (password ?? generated) is { } secret ? $" password '{ScramVerifier.Of(secret)}'" : "";
        var role = Quoted(name);

        await Execute(db, exists
            ? $"alter role {role} login noinherit connection limit {ConnectionLimit}{verifier}"
            : $"create role {role} login noinherit connection limit {ConnectionLimit}{verifier}");
        await Execute(db, $"comment on role {role} is '{Marker}'");
        await Execute(db, $"alter role {role} set default_transaction_read_only = on");
        await Execute(db, $"alter role {role} set statement_timeout = '{StatementTimeout}'");
        await Execute(db, $"alter role {role} set search_path = {ReportingViews.Schema}");
        await RevokeAll(db, name);
        await Execute(db, $"grant connect on database {Quoted(db.Database)} to {role}");
        await Execute(db, $"grant usage on schema {ReportingViews.Schema} to {role}");
        await Execute(db, $"grant select on all tables in schema {ReportingViews.Schema} to {role}");
        await transaction.CommitAsync();
        return new Granted(!exists, generated);
    }

    /// <summary>Takes the login's access away here and drops it; PostgreSQL refuses while another database still grants it something.</summary>
    public static async Task Remove(NpgsqlConnection db, string name)
    {
        await using var transaction = await db.BeginTransactionAsync();
        if (!await Existing(db, name)) throw new RuleViolation($"There is no role named {name}.");
        await RevokeAll(db, name);
        await Execute(db, $"drop role {Quoted(name)}");
        await transaction.CommitAsync();
    }

    /// <summary>Whether the login exists; refuses a role that exists but was not made by this verb.</summary>
    private static async Task<bool> Existing(NpgsqlConnection db, string name)
    {
        if (!RoleName().IsMatch(name))
            throw new RuleViolation("A login name is 1 to 63 lower-case letters, digits and underscores, starting with a letter or underscore.");
        if (await Scalar(db, "select true from pg_roles where rolname = @name", "name", name) is null) return false;
        var comment = await Scalar(db, "select shobj_description(to_regrole(@name), 'pg_authid')", "name", name);
        return Marker.Equals(comment)
            ? true
            : throw new RuleViolation($"A role named {name} exists and is not a reporting login made by this verb: choose another name.");
    }

    /// <summary>
    /// Whatever the role was given in this database, on schemas, tables, sequences, functions and the database, and
    /// the roles it was made a member of. Each revoke holds only for grants the connection's role may take back; what
    /// is left, <see cref="ReportingLoginAudit"/> reports.
    /// </summary>
    private static Task RevokeAll(NpgsqlConnection db, string name) => Execute(db, $$"""
        do $revoke$
        declare
          target text := {{Literal(Quoted(name))}};
          statement text;
        begin
          for statement in
            select format(kind, n.nspname, target)
              from pg_namespace n
             cross join unnest(array['revoke all on all tables in schema %I from %s', 'revoke all on all sequences in schema %I from %s',
                                     'revoke all on all functions in schema %I from %s', 'revoke all on schema %I from %s']) as kind
             where n.nspname not like 'pg\_%' and n.nspname <> 'information_schema'
            union all
            select format('revoke all on database %I from %s', current_database(), target)
            union all
            select format('revoke %s from %s', m.roleid::regrole, target) from pg_auth_members m where m.member = target::regrole
          loop
            begin
              execute statement;
            exception when insufficient_privilege then
              raise notice 'not allowed: %', statement;
            end;
          end loop;
        end
        $revoke$
        """);

    private static string Generate() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 32);

    private static string Quoted(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";

    private static string Literal(string text) => $"'{text.Replace("'", "''")}'";

    private static async Task Execute(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection db, string sql, string parameter, object value)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue(parameter, value);
        return await command.ExecuteScalarAsync() is { } result and not DBNull ? result : null;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
