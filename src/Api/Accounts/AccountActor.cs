using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using System.Security.Claims;

namespace Marketplace.Api.Accounts;

/// <summary>
/// What the holder of a provider's token may do, read from the product's data on every request (PRODUCT.md): the
/// token names the account (<c>sub</c>) or the machine client; it never says what they may do. An account with the
/// platform role admin or analyst acts as that; a member of an approved company acts for it with its role's
/// capabilities (the <c>Marketplace-Company</c> header picks one of several); any other account as a candidate. A machine
/// client acts for its company with its scopes. A deleted or locked-out account, or a revoked client, gets no role, so
/// its token is as good as none. A token of the external provider (<c>Auth__Authority</c>) names that provider's
/// subject: it is linked to an account once, by the verified email the token carries (a new account when there is none),
/// and the account's id becomes the caller's <c>sub</c>.
/// </summary>
public sealed class AccountActor(IServiceProvider services, IConfiguration configuration) : IClaimsTransformation
{
    public const string CompanyHeader = "Marketplace-Company";

    /// <summary>Claims that only the product sets: a token that carries them has them removed before they are read.</summary>
    private static readonly string[] ProductClaims = [Claims.Role, Claims.CompanyId, Claims.CompanyCapabilities, Claims.CompanyRole];

    // Resolved only for a token that names an account: the shared-key tokens of development need none of it.
    private UserManager<Account> users => field ??= services.GetRequiredService<UserManager<Account>>();
    private AccountLookup lookup => field ??= services.GetRequiredService<AccountLookup>();
    private CancellationToken Cancellation => services.GetService<IHttpContextAccessor>()?.HttpContext?.RequestAborted ?? default;

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue("iss") is not { } issuer || issuer == IdentitySetup.Issuer) return principal;
        if (principal.Identity is not ClaimsIdentity identity) return principal;
        // Already done for this request: the claims this class adds have the local issuer, a token's have the token's.
        if (identity.FindFirst(Claims.Role) is { Issuer: ClaimsIdentity.DefaultIssuer }) return principal;
        foreach (var claim in identity.Claims.Where(c => ProductClaims.Contains(c.Type)).ToList()) identity.RemoveClaim(claim);
        if (principal.FindFirstValue(Claims.Subject) is not { } subject) return principal;

        var external = IdentitySetup.ExternalAuthority(configuration);
        var isExternal = external is not null && issuer.TrimEnd('/') == external;
        if (!isExternal && !Guid.TryParse(subject, out _))
        {
            await AsMachineClient(identity, subject);
            return principal;
        }
        var facts = isExternal
            ? await lookup.ByLogin(external!, subject, Cancellation) ?? await Linked(external!, subject, principal)
            : await lookup.ById(Guid.Parse(subject), Cancellation);
        if (facts is null || facts.LockedOut) return principal;

        if (facts.AccountId.ToString() != subject)
        {
            identity.RemoveClaim(identity.FindFirst(Claims.Subject));
            identity.AddClaim(new Claim(Claims.Subject, facts.AccountId.ToString()));
            identity.AddClaim(new Claim("external_sub", subject));
        }
        var actor = ActorOf(facts, Requested(services));
        identity.AddClaim(new Claim(Claims.Role, actor.Role!));
        if (actor.CompanyId is { } company) AddCompany(identity, company, actor.Capabilities, actor.CompanyRole);
        return principal;
    }

    /// <summary>A machine client of a company acts for it with the capabilities of its scopes; any other client is nobody.</summary>
    private async Task AsMachineClient(ClaimsIdentity identity, string clientId)
    {
        if (await MachineClients.Find(services, clientId) is not { } client) return;
        identity.AddClaim(new Claim(Claims.Role, Roles.Company));
        AddCompany(identity, client.CompanyId, client.Capabilities, null);
    }

    private static void AddCompany(ClaimsIdentity identity, Guid company, CompanyCapabilities capabilities, CompanyRole? role)
    {
        identity.AddClaim(new Claim(Claims.CompanyId, company.ToString()));
        identity.AddClaim(new Claim(Claims.CompanyCapabilities, ((int)capabilities).ToString()));
        if (role is { } r) identity.AddClaim(new Claim(Claims.CompanyRole, r.ToString()));
    }

    private static Guid? Requested(IServiceProvider services) =>
        services.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers[CompanyHeader].ToString() is { Length: > 0 } header
        && Guid.TryParse(header, out var company) ? company : null;

    /// <summary>Links this subject of the external provider to an account the first time, by verified email.</summary>
    private async Task<AccountFacts?> Linked(string authority, string subject, ClaimsPrincipal principal) =>
        await Link(authority, subject, principal) is { } account ? await lookup.ById(account.Id, Cancellation) : null;

    private async Task<Account?> Link(string authority, string subject, ClaimsPrincipal principal)
    {
        if (await users.FindByLoginAsync(authority, subject) is { } linked) return linked;
        var email = principal.FindFirstValue("email");
        if (email is null || !string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase)) return null;
        var account = await users.FindByEmailAsync(email);
        if (account is null)
        {
            account = new Account { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            if (!(await users.CreateAsync(account)).Succeeded) return await users.FindByEmailAsync(email);
        }
        else if (!account.EmailConfirmed) return null;
        var added = await users.AddLoginAsync(account, new UserLoginInfo(authority, subject, "External provider"));
        // Two first requests at once: the other one linked it.
        return added.Succeeded ? account : await users.FindByLoginAsync(authority, subject);
    }

    /// <summary>
    /// Who the session cookie of the built-in sign-in names, as an actor the pages can query for: the same role a token
    /// of the account would get. Null when nobody is signed in, or the account is gone or locked out.
    /// </summary>
    public static async Task<Actor?> FromSession(HttpContext http, Guid? company = null)
    {
        var users = http.RequestServices.GetRequiredService<UserManager<Account>>();
        if (await AccountForms.SignedIn(http, users) is not { } account) return null;
        var facts = await http.RequestServices.GetRequiredService<AccountLookup>().ById(account.Id, http.RequestAborted);
        return facts is null || facts.LockedOut ? null : ActorOf(facts, company ?? Requested(http.RequestServices));
    }

    /// <summary>
    /// The same caller as now, read again from the product's data (for a subscription that outlives the request): null
    /// when the account is gone or locked out. A machine client and a development token are as they were.
    /// </summary>
    public static async Task<Actor?> Again(IServiceProvider services, Actor actor, CancellationToken cancellation)
    {
        if (actor.Subject is not { } account) return actor;
        var facts = await services.GetRequiredService<AccountLookup>().ById(account, cancellation);
        return facts is null || facts.LockedOut ? null : ActorOf(facts, actor.CompanyId);
    }

    /// <summary>
    /// The platform role comes first (admin, else analyst); then a membership of an approved company, the requested one
    /// or else the earliest joined; else the account is a candidate.
    /// </summary>
    private static Actor ActorOf(AccountFacts facts, Guid? requested)
    {
        if (facts.Roles.Contains(Roles.Admin)) return new Actor(Roles.Admin, facts.AccountId, null);
        if (facts.Roles.Contains(Roles.Analyst)) return new Actor(Roles.Analyst, facts.AccountId, null);
        var approved = facts.Membership?.Companies.Where(m => m.Approved).ToList() ?? [];
        var member = requested is { } wanted ? approved.FirstOrDefault(m => m.CompanyId == wanted) : approved.FirstOrDefault();
        return member is null
            ? new Actor(Roles.Candidate, facts.AccountId, null)
            : new Actor(Roles.Company, facts.AccountId, member.CompanyId, member.Role.Capabilities()) { CompanyRole = member.Role };
    }
}
