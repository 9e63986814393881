using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using System.Security.Cryptography;

namespace Marketplace.Api.Accounts;

/// <summary>
/// The built-in provider's RSA keys (docs/adr/0025), kept in <c>accounts.signing_keys</c> so every node signs with the
/// same key and publishes the same set. The newest key of each use that is active signs (or encrypts); every key stays
/// published and accepted, so a rotation logs nobody out: <c>keys rotate</c> adds a key that becomes active an hour
/// later (after every node has restarted with it, or at once with <c>--now</c>), and tokens signed with the old one
/// stay valid until they expire.
/// </summary>
public sealed class KeyRing(IReadOnlyList<SigningKey> keys)
{
    public static readonly TimeSpan PublishedBeforeUse = TimeSpan.FromHours(1);

    public IReadOnlyList<SigningKey> Keys { get; } = keys;

    /// <summary>The key that signs now, then every other: OpenIddict signs with the first it is given.</summary>
    public IEnumerable<SecurityKey> Signing(DateTimeOffset now) => Ordered(SigningKey.Signing, now);

    public IEnumerable<SecurityKey> Encryption(DateTimeOffset now) => Ordered(SigningKey.Encryption, now);

    /// <summary>Each key read from its PEM once, for the server's options and the bearer handler's alike.</summary>
    private readonly Dictionary<Guid, RsaSecurityKey> _rsa = keys.ToDictionary(k => k.Id, Rsa);

    private IEnumerable<SecurityKey> Ordered(string use, DateTimeOffset now) =>
        Keys.Where(k => k.Use == use)
            .OrderByDescending(k => k.ActiveFrom <= now)
            .ThenByDescending(k => k.ActiveFrom)
            .Select(k => _rsa[k.Id]);

    private static RsaSecurityKey Rsa(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(key.Pem);
        return new RsaSecurityKey(rsa) { KeyId = key.Id.ToString("N")[..16] };
    }

    /// <summary>The keys in the database, after making the first of each use if there is none (one node makes them).</summary>
    public static KeyRing Load(AccountsDb db)
    {
        using var transaction = db.Database.BeginTransaction();
        // Nodes starting together wait for one another here, so only one of them makes the first keys.
        db.Database.ExecuteSqlRaw("select pg_advisory_xact_lock(hashtext('marketplace.signing_keys'))");
        string[] missing = [.. new[] { SigningKey.Signing, SigningKey.Encryption }.Where(use => !db.SigningKeys.Any(k => k.Use == use))];
        // Finding an RSA key's primes is most of a new database's first start: both keys are looked for at once.
        var made = new SigningKey[missing.Length];
        var now = DateTimeOffset.UtcNow;
        Parallel.For(0, missing.Length, i => made[i] = New(missing[i], now));
        db.SigningKeys.AddRange(made);
        db.SaveChanges();
        transaction.Commit();
        return new KeyRing([.. db.SigningKeys.AsNoTracking()]);
    }

    /// <summary>A new key of each use, active after <paramref name="delay"/>.</summary>
    public static async Task Rotate(AccountsDb db, TimeSpan delay)
    {
        var from = DateTimeOffset.UtcNow + delay;
        db.SigningKeys.AddRange(New(SigningKey.Signing, from), New(SigningKey.Encryption, from));
        await db.SaveChangesAsync();
    }

    private static SigningKey New(string use, DateTimeOffset activeFrom)
    {
        using var rsa = RSA.Create(3072);
        return new SigningKey { Id = Guid.CreateVersion7(), Use = use, CreatedAt = DateTimeOffset.UtcNow, ActiveFrom = activeFrom, Pem = rsa.ExportPkcs8PrivateKeyPem() };
    }
}
