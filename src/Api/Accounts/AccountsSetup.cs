using Marketplace.Api.Infrastructure.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Accounts;

public static class AccountsSetup
{
    /// <summary>Identity's options, shared with the design-time model (<see cref="AccountsDbAtDesignTime"/>).</summary>
    public static void Identity(IdentityOptions options)
    {
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedEmail = true;
        // Length and the common-password list (PasswordRules), no character classes (NIST SP 800-63B).
        options.Password.RequiredLength = PasswordRules.MinLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
    }

    public static void AddMarketplaceAccounts(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        string connectionString)
    {
        services.AddDbContext<AccountsDb>((provider, options) =>
        {
            AccountsDb.Configure(options, connectionString);
            options.AddInterceptors(new AccountChanges(provider.GetRequiredService<AccountFactsCache>()));
        });
        services.AddIdentityCore<Account>(Identity)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AccountsDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>();
        services.AddAuthentication().AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "marketplace_session";
            cookie.Cookie.HttpOnly = true;
            // Lax, not Strict: the provider's sign-in comes back to /connect/authorize by a top-level redirect.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.LoginPath = AccountPages.SignInPath;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            cookie.SlidingExpiration = true;
        });
        // A passkey belongs to the site as the browser reached it. Identity's own check compares the credential's origin with
        // the request's Origin header, which browsers send as "null" under our Referrer-Policy: no-referrer.
        services.Configure<IdentityPasskeyOptions>(passkeys => passkeys.ValidateOrigin = context =>
        {
            var request = context.HttpContext.Request;
            return ValueTask.FromResult(!context.CrossOrigin && context.Origin == $"{request.Scheme}://{request.Host}");
        });
        // A password reset or a lockout changes the security stamp: other sessions end within a minute.
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddDataProtection().SetApplicationName("marketplace").PersistKeysToDbContext<AccountsDb>();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "marketplace_antiforgery";
            antiforgery.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            antiforgery.FormFieldName = "__form";
        });

        var mail = new MailOptions();
        configuration.GetSection(MailOptions.Section).Bind(mail);
        services.AddSingleton(mail);
        services.AddScoped<AccountPages>();
        services.AddScoped<PasskeyPages>();
        services.AddScoped<MachineClients>();
        services.AddSingleton<AccountLookup>();
        services.AddSingleton<AccountFactsCache>();
        // Every node forgets an account's cached facts when a commit changes its memberships (AccountFactsCache.cs).
        services.AddSingleton<Marten.IConfigureMarten, MembershipNoticesRegistration>();
        services.AddHostedService<AccountFactsListener>();
        // The company a member acts for may be picked per request (AccountActor.CompanyHeader).
        services.AddHttpContextAccessor();
        services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, AccountActor>();
        services.AddMarketplaceProvider(environment);
    }

    public static void MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(AccountPages.SignUpPath, (HttpContext http, AccountPages pages) => pages.SignUpForm(http));
        app.MapPost(AccountPages.SignUpPath, (HttpContext http, AccountPages pages) => pages.SignUp(http)).RequireRateLimiting(RequestLimits.AccountsPolicy);
        app.MapGet(AccountPages.ConfirmPath, (HttpContext http, AccountPages pages) => pages.Confirm(http));
        app.MapGet(AccountPages.SignInPath, (HttpContext http, AccountPages pages) => pages.SignInForm(http));
        app.MapPost(AccountPages.SignInPath, (HttpContext http, AccountPages pages) => pages.SignIn(http)).RequireRateLimiting(RequestLimits.AccountsPolicy);
        app.MapPost(AccountPages.SignOutPath, (HttpContext http, AccountPages pages) => pages.SignOut(http));
        app.MapGet(AccountPages.ForgotPath, (HttpContext http, AccountPages pages) => pages.ForgotForm(http));
        app.MapPost(AccountPages.ForgotPath, (HttpContext http, AccountPages pages) => pages.Forgot(http)).RequireRateLimiting(RequestLimits.AccountsPolicy);
        app.MapGet(AccountPages.ResetPath, (HttpContext http, AccountPages pages) => pages.ResetForm(http));
        app.MapPost(AccountPages.ResetPath, (HttpContext http, AccountPages pages) => pages.Reset(http)).RequireRateLimiting(RequestLimits.AccountsPolicy);
        app.MapGet(AccountPages.AccountPath, (HttpContext http, AccountPages pages) => pages.Overview(http));
        app.MapGet(AccountPages.CheckInboxPath, (HttpContext http, AccountPages pages) => pages.CheckInboxPage(http));
        app.MapProviderEndpoints();
        app.MapPost(PasskeyPages.CreationOptionsPath, (HttpContext http, PasskeyPages pages) => pages.CreationOptions(http));
        app.MapPost(PasskeyPages.AddPath, (HttpContext http, PasskeyPages pages) => pages.Add(http));
        app.MapPost(PasskeyPages.RemovePath, (HttpContext http, PasskeyPages pages) => pages.Remove(http));
        app.MapPost(PasskeyPages.RequestOptionsPath, (HttpContext http, PasskeyPages pages) => pages.RequestOptions(http)).RequireRateLimiting(RequestLimits.AccountsPolicy);
        app.MapPost(PasskeyPages.SignInPath, (HttpContext http, PasskeyPages pages) => pages.SignInWithPasskey(http)).RequireRateLimiting(RequestLimits.AccountsPolicy);
    }
}

/// <summary>
/// The accounts schema, brought up to date by EF Core's migrations where the event store's schema is too: at start-up
/// in Development, by <c>db-apply</c> elsewhere (docs/adr/0025).
/// </summary>
public sealed class AccountsSchema(IServiceProvider services, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        if (environment.IsDevelopment()) await Migrate(services, cancellation);
    }

    public static async Task Migrate(IServiceProvider services, CancellationToken cancellation)
    {
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AccountsDb>().Database.MigrateAsync(cancellation);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
