using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Security.Claims;

namespace Marketplace.Api.Infrastructure.Identity;

public sealed class TokenIssuer(SymmetricSecurityKey key)
{
    public string Issue(string role, Guid? subject = null, Guid? companyId = null, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new(Claims.Role, role), new(Claims.Subject, (subject ?? Guid.NewGuid()).ToString()) };
        if (companyId is { } company) claims.Add(new Claim(Claims.CompanyId, company.ToString()));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IdentitySetup.Issuer,
            Audience = IdentitySetup.Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.Add(lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
