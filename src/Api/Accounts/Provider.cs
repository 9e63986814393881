using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;
using MarketplaceClaims = Marketplace.Api.Infrastructure.Identity.Claims;

namespace Marketplace.Api.Accounts;

/// <summary>
/// The built-in OpenID Connect provider (OpenIddict, docs/adr/0025): authorization code with PKCE for public clients and
/// the pages, client credentials for machine clients, rotating refresh tokens, revocation, discovery and JWKS. Access
/// tokens are JWTs signed with the key ring's RSA key for the audience <c>marketplace</c>; they say who the caller is
/// (<c>sub</c>) and nothing of what they may do, which is read from the product's data on every request.
/// </summary>
public static class Provider
{
    public const string Audience = "marketplace";
    public const string Scheme = Infrastructure.Identity.IdentitySetup.ProviderScheme;
    public const string ApiScope = "marketplace";
    /// <summary>The public client for scripts and GraphQL tools: code with PKCE, redirected to a loopback address.</summary>
    public const string ScriptsClient = "marketplace-scripts";
    public const string ScriptsRedirect = "http://127.0.0.1/callback";

    public static void AddMarketplaceProvider(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AccountsDb>().ReplaceDefaultEntities<Guid>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/end-session");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.AllowClientCredentialsFlow();
                server.AllowRefreshTokenFlow();
                server.RegisterScopes([Scopes.OpenId, Scopes.Email, Scopes.OfflineAccess, ApiScope, .. Marketplace.Domain.Companies.Team.Scopes.Keys]);
                // Plain signed JWTs, which any resource server (and our own bearer handler) can validate from the JWKS.
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(15));
                server.SetRefreshTokenLifetime(TimeSpan.FromDays(14));
                // Rotation without a grace period: a refresh token used twice is a stolen one, and ends its whole chain.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                var aspnet = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                // TLS ends at the proxy in front of the node (docs/security.md); only Development speaks plain HTTP to it.
                if (environment.IsDevelopment()) aspnet.DisableTransportSecurityRequirement();
            });
        services.AddSingleton(s =>
        {
            using var scope = s.CreateScope();
            return KeyRing.Load(scope.ServiceProvider.GetRequiredService<AccountsDb>());
        });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeysForTheServer>();
        services.AddHostedService<KeyRingWarmUp>();
        services.AddHostedService<ProviderClients>();

        // Access tokens of this provider at /graphql: the key ring's keys, this audience, and a token not revoked since.
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, ProviderBearer>();
    }

    public static void MapProviderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], Authorize);
        app.MapPost("/connect/token", Token);
        app.MapMethods("/connect/end-session", ["GET", "POST"], EndSession);
    }

    /// <summary>Who is signed in with the cookie gets a code; anybody else signs in first and comes back here.</summary>
    private static async Task<IResult> Authorize(HttpContext http, UserManager<Account> users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var account = cookie.Succeeded ? await users.GetUserAsync(cookie.Principal!) : null;
        if (account is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Refuse(Errors.LoginRequired, "Nobody is signed in.");
            var back = http.Request.PathBase + http.Request.Path + QueryString.Create(
                http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList());
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [IdentityConstants.ApplicationScheme]);
        }
        return Results.SignIn(Principal(account.Id.ToString(), account.Email, request.GetScopes()), null,
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Token(HttpContext http, UserManager<Account> users, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            // A machine client is its own subject; what it may do is read from the product's data with each call.
            var client = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("Unknown client.");
            var principal = Principal(await applications.GetClientIdAsync(client) ?? request.ClientId!, null, request.GetScopes());
            return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var granted = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var account = granted?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            // An account deleted or locked out since gets no new tokens.
            if (account is null || await users.IsLockedOutAsync(account))
                return Refuse(Errors.InvalidGrant, "The account can no longer sign in.");
            return Results.SignIn(Principal(account.Id.ToString(), account.Email, granted!.GetScopes()), null,
                OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> EndSession(HttpContext http, SignInManager<Account> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/skills" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static ClaimsPrincipal Principal(string subject, string? email, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        if (email is not null)
        {
            identity.SetClaim(Claims.Email, email);
            // Accounts sign in only once their email is confirmed.
            identity.SetClaim(Claims.EmailVerified, true);
        }
        identity.SetScopes(scopes);
        identity.SetAudiences(Audience);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            // With the email scope the API that trusts this provider (another Marketplace, say) can link the account by it.
            Claims.Email or Claims.EmailVerified when identity.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email or Claims.EmailVerified => [],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>Before OpenIddict checks its options (a post-configuration of its own).</summary>
    private sealed class KeysForTheServer(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var key in ring.Signing(now)) options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            foreach (var key in ring.Encryption(now))
                options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }

    private sealed class ProviderBearer(KeyRing ring) : IPostConfigureOptions<JwtBearerOptions>
    {
        public void PostConfigure(string? name, JwtBearerOptions options)
        {
            if (name != Scheme) return;
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                // The issuer is this node as the client reached it, checked when the token is validated (below).
                ValidateIssuer = false,
                ValidAudience = Audience,
                IssuerSigningKeys = ring.Signing(DateTimeOffset.UtcNow).ToList(),
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidTypes = ["at+jwt"],
                NameClaimType = Claims.Subject,
                RoleClaimType = MarketplaceClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var issuer = context.Principal?.FindFirstValue(Claims.Issuer)?.TrimEnd('/');
                    var request = context.HttpContext.Request;
                    if (issuer != $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/'))
                    {
                        context.Fail("The token was issued by another provider.");
                        return;
                    }
                    // Revoked (or its refresh token reused) since it was issued: refused at once, not when it expires.
                    var tokens = context.HttpContext.RequestServices.GetRequiredService<IOpenIddictTokenManager>();
                    var id = context.Principal?.FindFirstValue("oi_tkn_id");
                    var entry = id is null ? null : await tokens.FindByIdAsync(id, context.HttpContext.RequestAborted);
                    if (entry is null || !await tokens.HasStatusAsync(entry, Statuses.Valid, context.HttpContext.RequestAborted))
                        context.Fail("The token was revoked.");
                },
            };
        }
    }
}
