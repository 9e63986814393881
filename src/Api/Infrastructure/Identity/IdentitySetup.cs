using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using System.Text;

namespace Marketplace.Api.Infrastructure.Identity;

public static class IdentitySetup
{
    public const string Issuer = "marketplace";
    public const string Audience = "marketplace";
    public const string BearerScheme = "Api";
    /// <summary>The built-in provider's access tokens (Accounts/Provider.cs registers the handler).</summary>
    public const string ProviderScheme = "Provider";
    /// <summary>The access tokens of the external provider that Auth__Authority names, if any.</summary>
    public const string ExternalScheme = "External";

    /// <summary>Auth__Authority, without a trailing slash, or null.</summary>
    public static string? ExternalAuthority(IConfiguration configuration) =>
        configuration["Auth:Authority"] is { Length: > 0 } authority ? authority.TrimEnd('/') : null;

    private static readonly Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler Reader = new();

    // A client sends the same token with every request until it expires, and the chosen handler validates it each time;
    // only the routing is remembered, so that the token is not parsed twice per request (docs/performance.md, round 23).
    private static readonly ConcurrentDictionary<string, string?> Issuers = new(StringComparer.Ordinal);
    private const int IssuersKept = 4_096;

    /// <summary>The issuer a bearer token claims, read before it is validated (only to choose who validates it).</summary>
    private static string? IssuerOf(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = authorization[7..].Trim();
        if (Issuers.TryGetValue(token, out var known)) return known;
        string? issuer;
        try
        {
            issuer = Reader.CanReadToken(token) ? Reader.ReadJsonWebToken(token).Issuer : null;
        }
        catch (ArgumentException)
        {
            // Not a JWT: the shared-key handler refuses it as it always did.
            issuer = null;
        }
        if (Issuers.Count >= IssuersKept) Issuers.Clear();
        Issuers[token] = issuer;
        return issuer;
    }

    /// <summary>Known to everyone who reads this file: used only when the environment is Development.</summary>
    public const string DevelopmentSigningKey = "marketplace-development-signing-key-not-for-production-use";

    /// <summary>
    /// The shared key of the development tokens (the <c>token</c> verb, tests and scripts): Development only. No other
    /// environment accepts a token signed with a shared secret (docs/adr/0026); a configured one stops the start-up.
    /// </summary>
    public static SymmetricSecurityKey? SigningKey(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Auth:SigningKey"];
        if (!environment.IsDevelopment())
        {
            if (!string.IsNullOrEmpty(configured))
                throw new InvalidOperationException(
                    $"Auth__SigningKey is set in the {environment.EnvironmentName} environment, but tokens signed with a shared key are for " +
                    "Development only: remove it. Tokens come from the built-in provider (/connect/token) or the provider Auth__Authority names.");
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(configured) ? DevelopmentSigningKey : configured);
        if (bytes.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes long.");
        return new SymmetricSecurityKey(bytes);
    }

    public static void AddMarketplaceIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var key = SigningKey(configuration, environment);
        if (key is not null) services.AddSingleton(new TokenIssuer(key));
        // Which of the accepted issuers signed a bearer token decides which handler validates it: in Development only, the
        // tokens of the shared key (issuer "marketplace"); everywhere, the built-in provider's (docs/adr/0025, 0026).
        // An external OpenID Connect provider (Keycloak, Entra ID, Auth0, Google …) when Auth__Authority names it: its
        // tokens are validated through its discovery document and JWKS, for Auth__Audience (default "marketplace").
        var external = ExternalAuthority(configuration);
        var authentication = services.AddAuthentication(BearerScheme)
            .AddPolicyScheme(BearerScheme, "Bearer tokens of any accepted issuer", policy => policy.ForwardDefaultSelector = http =>
                IssuerOf(http.Request.Headers.Authorization.ToString()) is not { } issuer || issuer == Issuer
                    ? key is null ? ProviderScheme : JwtBearerDefaults.AuthenticationScheme
                : external is not null && issuer.TrimEnd('/') == external ? ExternalScheme
                : ProviderScheme);
        if (external is not null)
            authentication.AddJwtBearer(ExternalScheme, options =>
            {
                options.Authority = external;
                options.Audience = configuration["Auth:Audience"] ?? Audience;
                options.MapInboundClaims = false;
                // Outside Development the provider's metadata is fetched over HTTPS unless Auth__RequireHttpsMetadata=false
                // says it is reached another way (a provider on the same host or private network, as the bench's is).
                options.RequireHttpsMetadata = configuration.GetValue("Auth:RequireHttpsMetadata", !environment.IsDevelopment());
                options.TokenValidationParameters.NameClaimType = Claims.Subject;
                options.TokenValidationParameters.RoleClaimType = Claims.Role;
                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });
        if (key is null) return;
        authentication
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RoleClaimType = Claims.Role,
                    NameClaimType = Claims.Subject,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
    }
}
