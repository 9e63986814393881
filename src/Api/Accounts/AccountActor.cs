using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using System.Security.Claims;

namespace Marketplace.Api.Accounts;

/// <summary>
/// What the holder of a provider's token may do, read from the product's data on every request (PRODUCT.md): the
/// token names the account (<c>sub</c>); an account with the platform role admin or analyst acts as that, any other as a
/// candidate. A deleted or locked-out account gets no role, so its token is as good as none. A token of the external
/// provider (<c>Auth__Authority</c>) names that provider's subject: it is linked to an account once, by the verified
/// email the token carries (a new account when there is none), and the account's id becomes the caller's <c>sub</c>.
/// </summary>
public sealed class AccountActor(IServiceProvider services, IConfiguration configuration) : IClaimsTransformation
{
    // Resolved only for a token that names an account: the shared-key tokens of most requests need none of it.
    private UserManager<Account> users => field ??= services.GetRequiredService<UserManager<Account>>();

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue("iss") is not { } issuer || issuer == IdentitySetup.Issuer) return principal;
        if (principal.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == Claims.Role)) return principal;
        if (principal.FindFirstValue(Claims.Subject) is not { } subject) return principal;

        var external = IdentitySetup.ExternalAuthority(configuration);
        var account = external is not null && issuer.TrimEnd('/') == external
            ? await Linked(external, subject, principal)
            : Guid.TryParse(subject, out _) ? await users.FindByIdAsync(subject) : null;
        if (account is null || await users.IsLockedOutAsync(account)) return principal;

        if (account.Id.ToString() != subject)
        {
            identity.RemoveClaim(identity.FindFirst(Claims.Subject));
            identity.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
            identity.AddClaim(new Claim("external_sub", subject));
        }
        identity.AddClaim(new Claim(Claims.Role, await RoleOf(users, account)));
        return principal;
    }

    /// <summary>The account linked to this subject of the external provider, linking it the first time by verified email.</summary>
    private async Task<Account?> Linked(string authority, string subject, ClaimsPrincipal principal)
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
    public static async Task<Actor?> FromSession(HttpContext http)
    {
        var users = http.RequestServices.GetRequiredService<UserManager<Account>>();
        if (await AccountForms.SignedIn(http, users) is not { } account || await users.IsLockedOutAsync(account)) return null;
        return new Actor(await RoleOf(users, account), account.Id, null);
    }

    /// <summary>The platform role an account acts with: admin, else analyst, else candidate.</summary>
    private static async Task<string> RoleOf(UserManager<Account> users, Account account)
    {
        var roles = await users.GetRolesAsync(account);
        return roles.Contains(Roles.Admin) ? Roles.Admin : roles.Contains(Roles.Analyst) ? Roles.Analyst : Roles.Candidate;
    }
}
