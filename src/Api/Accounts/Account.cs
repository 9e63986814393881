using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Accounts;

/// <summary>
/// Someone who signs in. The account's id is the subject of every token issued for it and, for a candidate, the
/// candidate's id (PRODUCT.md, "Who uses it"). Kept by ASP.NET Core Identity in the <c>accounts</c> schema.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
}
