using Marketplace.Domain.Companies;
using Marten.Events.Projections;

namespace Marketplace.Projections.Companies;

public sealed record CompanyMembership(Guid CompanyId, CompanyRole Role, bool Approved);

/// <summary>
/// The companies an account belongs to, with its role in each: read by id on every request of a signed-in account, so a
/// removal or a role change takes effect at the next request (PRODUCT.md). Committed with the team's events.
/// </summary>
public sealed class Membership
{
    public Guid Id { get; set; }
    public List<CompanyMembership> Companies { get; set; } = [];
}

public partial class MembershipProjection : MultiStreamProjection<Membership, Guid>
{
    public MembershipProjection()
    {
        Identity<CompanyRequested>(e => e.OwnerAccountId);
        Identities<CompanyApproved>(e => e.OwnerAccountId is { } owner ? [owner] : []);
        Identity<MemberJoined>(e => e.AccountId);
        Identity<MemberRoleChanged>(e => e.AccountId);
        Identity<MemberRemoved>(e => e.AccountId);
    }

    public void Apply(CompanyRequested e, Membership membership) => Set(membership, new CompanyMembership(e.CompanyId, CompanyRole.Owner, false));

    public void Apply(CompanyApproved e, Membership membership) => Update(membership, e.CompanyId, m => m with { Approved = true });

    public void Apply(MemberJoined e, Membership membership) => Set(membership, new CompanyMembership(e.CompanyId, e.Role, true));

    public void Apply(MemberRoleChanged e, Membership membership) => Update(membership, e.CompanyId, m => m with { Role = e.Role });

    public void Apply(MemberRemoved e, Membership membership) => membership.Companies.RemoveAll(m => m.CompanyId == e.CompanyId);

    private static void Set(Membership membership, CompanyMembership entry)
    {
        membership.Companies.RemoveAll(m => m.CompanyId == entry.CompanyId);
        membership.Companies.Add(entry);
    }

    private static void Update(Membership membership, Guid companyId, Func<CompanyMembership, CompanyMembership> change)
    {
        var index = membership.Companies.FindIndex(m => m.CompanyId == companyId);
        if (index >= 0) membership.Companies[index] = change(membership.Companies[index]);
    }
}
