using System.Security.Claims;

namespace Marketplace.Api.Infrastructure.Identity;

public static class Roles
{
    public const string Candidate = "candidate";
    public const string Company = "company";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
    public static readonly string[] All = [Candidate, Company, Analyst, Admin];
}

/// <summary>Who is calling, read once from the token's claims.</summary>
public sealed record Actor(string? Role, Guid? Subject, Guid? CompanyId)
{
    public static readonly Actor Anonymous = new(null, null, null);

    public static Actor From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Anonymous;
        var role = user.FindFirstValue(Claims.Role);
        if (role is null || !Roles.All.Contains(role)) return Anonymous;
        return new Actor(role, GuidClaim(user, Claims.Subject), GuidClaim(user, Claims.CompanyId));
    }

    public bool IsAnonymous => Role is null;

    /// <summary>The company whose member is calling; anyone else is turned away.</summary>
    public Guid RequireCompanyMember()
    {
        if (IsAnonymous) throw new Unauthenticated();
        if (Role != Roles.Company || CompanyId is not { } company)
            throw new Marketplace.Domain.Common.Forbidden("Only a member of a company may do this.");
        return company;
    }

    /// <summary>The calling candidate's id (the token's subject); anyone else is turned away.</summary>
    public Guid RequireCandidate()
    {
        if (IsAnonymous) throw new Unauthenticated();
        if (Role != Roles.Candidate || Subject is not { } candidate)
            throw new Marketplace.Domain.Common.Forbidden("Only a candidate may do this.");
        return candidate;
    }

    /// <summary>
    /// Whom the caller manages challenges for: a member's company, or the platform (null) for an administrator.
    /// </summary>
    public Guid? RequireChallengeOwner()
    {
        if (IsAnonymous) throw new Unauthenticated();
        return Role switch
        {
            Roles.Admin => null,
            Roles.Company when CompanyId is { } company => company,
            _ => throw new Marketplace.Domain.Common.Forbidden("Only a company member or an administrator may manage challenges."),
        };
    }

    /// <summary>Whether the caller owns what belongs to this owner (a company, or the platform when null).</summary>
    public bool Owns(Guid? ownerCompanyId) =>
        ownerCompanyId is { } company ? Role == Roles.Company && CompanyId == company : Role == Roles.Admin;

    public void RequireAdmin()
    {
        if (IsAnonymous) throw new Unauthenticated();
        if (Role != Roles.Admin) throw new Marketplace.Domain.Common.Forbidden("Only an administrator may do this.");
    }

    /// <summary>Whether this caller may see a posting of the given company in a state other than open.</summary>
    public bool SeesAllPostingsOf(Guid companyId) => Role == Roles.Admin || (Role == Roles.Company && CompanyId == companyId);

    private static Guid? GuidClaim(ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirstValue(type), out var value) ? value : null;
}

public static class Claims
{
    public const string Role = "role";
    public const string Subject = "sub";
    public const string CompanyId = "company_id";
}
