using Marketplace.Projections.Companies;
using Marten;
using Npgsql;

namespace Marketplace.Api.Accounts;

/// <summary>What a request needs to know of its account: whether it is locked out, its platform roles, its memberships.</summary>
public sealed record AccountFacts(Guid AccountId, bool LockedOut, IReadOnlyList<string> Roles, Membership? Membership);

/// <summary>
/// Reads an account's facts in one statement, instead of the three or four that Identity's store and the document
/// session would make one after another, and keeps them in this node's cache until they change (AccountFactsCache).
/// </summary>
public sealed class AccountLookup(IDocumentStore store, AccountFactsCache cache)
{
    private readonly string sql = $$"""
        select u."Id", u."LockoutEnabled" and coalesce(u."LockoutEnd" > now(), false),
               coalesce((select array_agg(r."Name") from {{AccountsDb.Schema}}."AspNetUserRoles" ur
                         join {{AccountsDb.Schema}}."AspNetRoles" r on r."Id" = ur."RoleId" where ur."UserId" = u."Id"), '{}'),
               (select m.data from {{store.Options.DatabaseSchemaName}}.mt_doc_membership m where m.id = u."Id")
        from {{AccountsDb.Schema}}."AspNetUsers" u
        """;

    public Task<AccountFacts?> ById(Guid account, CancellationToken cancellation) =>
        Cached($"id\n{account}", () => Read($"{sql} where u.\"Id\" = $1", cancellation, account));

    /// <summary>The account an external provider's subject is linked to, if it is.</summary>
    public Task<AccountFacts?> ByLogin(string provider, string subject, CancellationToken cancellation) =>
        Cached($"login\n{provider}\n{subject}", () => Read(
            $"{sql} where u.\"Id\" = (select \"UserId\" from {AccountsDb.Schema}.\"AspNetUserLogins\" where \"LoginProvider\" = $1 and \"ProviderKey\" = $2)",
            cancellation, provider, subject));

    /// <summary>From this node's cache while it listens for changes (AccountFactsCache), else read and kept.</summary>
    private async Task<AccountFacts?> Cached(string key, Func<Task<AccountFacts?>> read)
    {
        if (cache.Find(key) is { } known) return known;
        var readAt = cache.Generation;
        var facts = await read();
        if (facts is not null) cache.Keep(key, facts, readAt);
        return facts;
    }

    // The statement reads the memberships' table directly: in Development Marten creates a table when it first writes
    // to it, so it is made sure of once, before the first read (db-apply has made it elsewhere).
    private Task? membershipTable;

    private async Task<AccountFacts?> Read(string statement, CancellationToken cancellation, params object[] values)
    {
        await (membershipTable ??= store.Storage.Database.EnsureStorageExistsAsync(typeof(Membership), CancellationToken.None).AsTask());
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(statement, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation)) return null;
        Membership? membership = null;
        if (!await reader.IsDBNullAsync(3, cancellation))
        {
            await using var json = await reader.GetStreamAsync(3, cancellation);
            membership = await store.Options.Serializer().FromJsonAsync<Membership>(json, cancellation);
        }
        return new AccountFacts(reader.GetGuid(0), reader.GetBoolean(1), reader.GetFieldValue<string[]>(2), membership);
    }
}
