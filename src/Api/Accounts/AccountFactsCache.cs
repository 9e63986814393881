using Marketplace.Domain.Companies;
using Marten;
using Marten.Services;
using Npgsql;
using System.Collections.Concurrent;

namespace Marketplace.Api.Accounts;

/// <summary>
/// Each node keeps the facts of the accounts it has lately served (lock-out, platform roles, memberships), so a
/// request with an account's token need not read them again. A change to any of them notifies the channel
/// <see cref="Channel"/> in the transaction that makes it (triggers on the accounts tables; <see cref="MembershipNotices"/>
/// for the team's events), and every node forgets that account when the notice arrives, before anything after the
/// commit can ask (docs/adr/0026). The cache works only while this node listens: a lost connection empties it and turns it
/// off until listening again. A read that began before a notice is not cached after it (<see cref="Generation"/>), and
/// nothing is kept longer than <see cref="Lifetime"/> in any case.
/// </summary>
public sealed class AccountFactsCache
{
    public const string Channel = "marketplace_account_facts";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (AccountFacts Facts, long Expires)> entries = new();
    private long generation;
    private volatile bool listening;

    public bool IsListening => listening;

    /// <summary>Taken before a read; <see cref="Keep"/> keeps its result only if no notice arrived meanwhile.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public AccountFacts? Find(string key) =>
        listening && entries.TryGetValue(key, out var entry) && entry.Expires > Environment.TickCount64 ? entry.Facts : null;

    public void Keep(string key, AccountFacts facts, long readAt)
    {
        if (!listening || Generation != readAt) return;
        entries[key] = (facts, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
        // A notice between the check and the store: take it back.
        if (Generation != readAt) entries.TryRemove(key, out _);
    }

    /// <summary>A notice: this account's facts changed.</summary>
    public void Forget(Guid account)
    {
        Interlocked.Increment(ref generation);
        foreach (var (key, entry) in entries)
            if (entry.Facts.AccountId == account) entries.TryRemove(key, out _);
        Forgotten?.Invoke(account);
    }

    /// <summary>Raised after an account's facts are forgotten: what it may see may have changed (open subscriptions ask again).</summary>
    public event Action<Guid>? Forgotten;

    public void Listening(bool on)
    {
        listening = on;
        Interlocked.Increment(ref generation);
        entries.Clear();
    }
}

/// <summary>Forgets the accounts the channel names; the cache is off while nothing listens.</summary>
public sealed class AccountFactsListener(IDocumentStore store, AccountFactsCache cache, ILogger<AccountFactsListener> log)
    : Infrastructure.Hosting.NoticeListener(store, AccountFactsCache.Channel, log)
{
    protected override void Notice(string payload)
    {
        if (Guid.TryParse(payload, out var account)) cache.Forget(account);
    }

    protected override void Listening(bool on) => cache.Listening(on);

    protected override string WhileDeaf => "accounts' facts are read on every request until listening again";
}

/// <summary>
/// For each account whose memberships a session changes: notifies the channel in the committing transaction (the other
/// nodes), and forgets it here once committed, so this node's next request cannot beat the notice.
/// </summary>
public sealed class MembershipNotices(AccountFactsCache cache) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var account in Accounts(session.PendingChanges.Streams().SelectMany(stream => stream.Events)))
            session.QueueSqlCommand("select pg_notify(?, ?)", AccountFactsCache.Channel, account.ToString());
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var account in Accounts(commit.GetEvents())) cache.Forget(account);
        return Task.CompletedTask;
    }

    private static IEnumerable<Guid> Accounts(IEnumerable<JasperFx.Events.IEvent> events) =>
        events.Select(e => e.Data switch
        {
            CompanyRequested requested => requested.OwnerAccountId,
            CompanyApproved { OwnerAccountId: { } owner } => owner,
            MemberJoined joined => joined.AccountId,
            MemberRoleChanged changed => changed.AccountId,
            MemberRemoved removed => removed.AccountId,
            _ => Guid.Empty,
        }).Where(account => account != Guid.Empty).Distinct();
}

/// <summary>Registers <see cref="MembershipNotices"/> with the store, with this node's cache.</summary>
public sealed class MembershipNoticesRegistration(AccountFactsCache cache) : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new MembershipNotices(cache));
}

/// <summary>Forgets, once saved, the accounts whose lock-out, roles or logins this node changed (the triggers tell the others).</summary>
public sealed class AccountChanges(AccountFactsCache cache) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
{
    private List<Guid> changed = [];

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
        Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        // Only what the facts hold: an account deleted or its lock-out changed, a role or a login added or removed. A
        // sign-in that only stamps the account forgets nothing, so the cache stays useful while people sign in.
        changed = eventData.Context!.ChangeTracker.Entries().Select(e => (e.State, e.Entity) switch
            {
                (Microsoft.EntityFrameworkCore.EntityState.Deleted, Account account) => account.Id,
                (Microsoft.EntityFrameworkCore.EntityState.Modified, Account account)
                    when e.Property(nameof(Account.LockoutEnd)).IsModified || e.Property(nameof(Account.LockoutEnabled)).IsModified => account.Id,
                (Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Deleted,
                    Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> role) => role.UserId,
                (Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Deleted,
                    Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid> login) => login.UserId,
                _ => Guid.Empty,
            }).Where(account => account != Guid.Empty).Distinct().ToList();
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        foreach (var account in changed) cache.Forget(account);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
