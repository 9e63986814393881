using Marketplace.Domain.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Projections.Challenges;
using Marten;

namespace Marketplace.Api.Challenges;

/// <summary>
/// The SQL reads of challenges, each beside the index it relies on (declared on <c>ChallengeView</c> in
/// <c>Hosting/MarketplaceStore.cs</c>; a duplicated column gets Marten's <c>mt_doc_challengeview_idx_&lt;column&gt;</c>).
/// The statements keep their text from call to call, so pooled connections prepare them (docs/adr/0017).
/// </summary>
public sealed class ChallengeReads(IQuerySession session)
{
    /// <summary>
    /// Filtered, keyset-paged challenges: published and closed ones are public, drafts only their owner's.
    /// Order and cursor: <c>mt_doc_challengeview_idx_listed_at</c>; filters: <c>_idx_status</c>, <c>_idx_skill</c>,
    /// <c>_idx_difficulty</c>, <c>_idx_owner</c>.
    /// </summary>
    public Task<Connection<ChallengeView>> Search(ChallengeFilter filter, int? first, string? after, Actor actor, CancellationToken cancellation)
    {
        var query = new KeysetQuery("mt_doc_challengeview");
        if (actor.Role == Roles.Admin) query.And("(d.status <> 'Draft' or d.owner = 'platform')");
        else if (actor.CompanyFor(CompanyCapabilities.Challenges) is { } own) query.And("(d.status <> 'Draft' or d.owner = ?)", own.ToString());
        else query.And("d.status <> 'Draft'");

        if (filter.Status is { } status) query.And("d.status = ?", status.ToString());
        if (filter.Skill is { Length: > 0 } skill) query.And("d.skill = ?", skill);
        if (filter.Difficulty is { } difficulty) query.And("d.difficulty = ?", difficulty.ToString());
        if (filter.CompanyId is { } companyText)
            query.And("d.owner = ?", (Ids.TryParse(companyText) ?? throw new ValidationFailed("filter.companyId", "companyId is not a valid id.")).ToString());
        return query.Page<ChallengeView>(session, first, after, cancellation);
    }

    /// <summary>The visibility <see cref="Search"/> applies in SQL, for one challenge already loaded.</summary>
    public static bool Visible(ChallengeView challenge, Actor actor) =>
        challenge.Status != ChallengeStatus.Draft || actor.Owns(challenge.OwnerCompanyId);
}
