using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Marketplace.Api.Accounts;

/// <summary>
/// Accounts, their passkeys and roles (ASP.NET Core Identity), the OpenID Connect provider's clients, authorizations and
/// tokens (OpenIddict) and its signing keys, in PostgreSQL's <c>accounts</c> schema beside the event store
/// (docs/adr/0025). Changed only through EF Core migrations (Accounts/Migrations).
/// </summary>
public sealed class AccountsDb(DbContextOptions<AccountsDb> options) : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options),
    IDataProtectionKeyContext
{
    public const string Schema = "accounts";

    /// <summary>ASP.NET Core's data-protection keys (cookies, antiforgery, reset codes), shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema(Schema);
        base.OnModelCreating(builder);
        builder.UseOpenIddict<Guid>();
        builder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Use).HasMaxLength(20);
        });
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__migrations", Schema)).UseOpenIddict<Guid>();
}

/// <summary>For <c>dotnet ef migrations add</c>: the model with Identity's current schema (passkeys included), no database.</summary>
public sealed class AccountsDbAtDesignTime : IDesignTimeDbContextFactory<AccountsDb>
{
    public AccountsDb CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.Configure<IdentityOptions>(AccountsSetup.Identity);
        var options = new DbContextOptionsBuilder<AccountsDb>().UseApplicationServiceProvider(services.BuildServiceProvider());
        AccountsDb.Configure(options, "Host=127.0.0.1;Database=design-time-only");
        return new AccountsDb(options.Options);
    }
}
