using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using System.Security.Claims;

namespace Marketplace.Api.Accounts;

/// <summary>
/// What the holder of a provider's token may do, read from the product's data on every request (PRODUCT.md): the
/// token names the account (<c>sub</c>); an account with the platform role admin or analyst acts as that, any other as a
/// candidate. A deleted or locked-out account gets no role, so its token is as good as none.
/// </summary>
public sealed class AccountActor(UserManager<Account> users) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue("iss") is not { } issuer || issuer == IdentitySetup.Issuer) return principal;
        if (principal.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == Claims.Role)) return principal;
        if (principal.FindFirstValue(Claims.Subject) is not { } subject || !Guid.TryParse(subject, out _)) return principal;
        if (await users.FindByIdAsync(subject) is not { } account || await users.IsLockedOutAsync(account)) return principal;
        var roles = await users.GetRolesAsync(account);
        identity.AddClaim(new Claim(Claims.Role, roles.Contains(Roles.Admin) ? Roles.Admin : roles.Contains(Roles.Analyst) ? Roles.Analyst : Roles.Candidate));
        return principal;
    }
}
