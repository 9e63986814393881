using Marketplace.Domain.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Projections.Invitations;
using Marten;

namespace Marketplace.Api.Invitations;

/// <summary>
/// The reads of invitations, beside the indexes they rely on (declared on <c>InvitationView</c> in
/// <c>Hosting/MarketplaceStore.cs</c>; a duplicated column gets Marten's <c>mt_doc_invitationview_idx_&lt;column&gt;</c>).
/// </summary>
public sealed class InvitationReads(IQuerySession session)
{
    private const int Newest = 100;

    /// <summary>
    /// The newest invitations a candidate received (<c>mt_doc_invitationview_idx_candidate_id</c>) or a company sent
    /// (by the document's CompanyId, which has no index of its own); nobody else has any.
    /// </summary>
    public async Task<IReadOnlyList<InvitationView>> Of(Actor actor, CancellationToken cancellation)
    {
        var query = session.Query<InvitationView>();
        var filtered = actor switch
        {
            { Role: Roles.Candidate, Subject: { } candidate } => query.Where(i => i.CandidateId == candidate),
            _ when actor.CompanyFor(CompanyCapabilities.Talent) is { } company => query.Where(i => i.CompanyId == company),
            _ => null,
        };
        return filtered is null ? [] : await filtered.OrderByDescending(i => i.SentAt).Take(Newest).ToListAsync(cancellation);
    }
}
