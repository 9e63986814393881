using Marketplace.Domain.Companies;
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

/// <summary>
/// Who is calling, read once from the request's claims. A company's caller (a member, or a machine client) acts for one
/// company with the <see cref="Capabilities"/> its role or scopes give (PRODUCT.md); a development token of the shared
/// key that names a company acts as its owner.
/// </summary>
public sealed record Actor(string? Role, Guid? Subject, Guid? CompanyId, CompanyCapabilities Capabilities = CompanyCapabilities.None)
{
    public static readonly Actor Anonymous = new(null, null, null);

    public static Actor From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Anonymous;
        var role = user.FindFirstValue(Claims.Role);
        if (role is null || !Roles.All.Contains(role)) return Anonymous;
        var company = GuidClaim(user, Claims.CompanyId);
        var capabilities = role != Roles.Company || company is null ? CompanyCapabilities.None
            : int.TryParse(user.FindFirstValue(Claims.CompanyCapabilities), out var granted) ? (CompanyCapabilities)granted
            : CompanyCapabilities.All;
        return new Actor(role, GuidClaim(user, Claims.Subject), company, capabilities)
        {
            CompanyRole = Enum.TryParse<CompanyRole>(user.FindFirstValue(Claims.CompanyRole), out var member) ? member : null,
        };
    }

    /// <summary>A member's role in <see cref="CompanyId"/>; null for a machine client and a development token.</summary>
    public CompanyRole? CompanyRole { get; init; }

    public bool IsAnonymous => Role is null;

    /// <summary>The company whose member (or machine client) is calling with this capability; anyone else is turned away.</summary>
    public Guid RequireCompanyMember(CompanyCapabilities needed)
    {
        if (IsAnonymous) throw new Unauthenticated();
        if (Role != Roles.Company || CompanyId is not { } company)
            throw new Marketplace.Domain.Common.Forbidden("Only a member of a company may do this.");
        if (!Capabilities.HasFlag(needed))
            throw new Marketplace.Domain.Common.Forbidden($"Your role in the company does not allow this ({Describe(needed)}).");
        return company;
    }

    /// <summary>The company this caller acts for when it holds any of these capabilities, else null.</summary>
    public Guid? CompanyFor(CompanyCapabilities anyOf) =>
        Role == Roles.Company && CompanyId is { } company && (Capabilities & anyOf) != 0 ? company : null;

    private static string Describe(CompanyCapabilities needed) => needed.ToString().ToLowerInvariant();

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
            Roles.Company => RequireCompanyMember(CompanyCapabilities.Challenges),
            _ => throw new Marketplace.Domain.Common.Forbidden("Only a company member or an administrator may manage challenges."),
        };
    }

    /// <summary>Whether the caller owns what belongs to this owner (a company, or the platform when null).</summary>
    public bool Owns(Guid? ownerCompanyId) =>
        ownerCompanyId is { } company ? CompanyFor(CompanyCapabilities.Challenges) == company : Role == Roles.Admin;

    public void RequireAdmin()
    {
        if (IsAnonymous) throw new Unauthenticated();
        if (Role != Roles.Admin) throw new Marketplace.Domain.Common.Forbidden("Only an administrator may do this.");
    }

    /// <summary>Whether this caller may see a posting of the given company in a state other than open.</summary>
    public bool SeesAllPostingsOf(Guid companyId) =>
        Role == Roles.Admin || CompanyFor(CompanyCapabilities.Postings | CompanyCapabilities.Pipeline) == companyId;

    private static Guid? GuidClaim(ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirstValue(type), out var value) ? value : null;
}

public static class Claims
{
    public const string Role = "role";
    public const string Subject = "sub";
    public const string CompanyId = "company_id";
    /// <summary>Set by the product from its own data (AccountActor), never taken from a token.</summary>
    public const string CompanyCapabilities = "company_capabilities";
    public const string CompanyRole = "company_role";
}
