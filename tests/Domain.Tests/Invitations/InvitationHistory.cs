using Marketplace.Domain.Invitations;
using Marketplace.Domain.Tests.Postings;
using Marketplace.Domain.Tests.Support;

namespace Marketplace.Domain.Tests.Invitations;

public static class InvitationHistory
{
    public static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    public static readonly Guid InvitationId = Invitation.IdFor(PostingHistory.PostingId, CandidateId);

    public static InvitationSent Sent => new(InvitationId, PostingHistory.PostingId, PostingHistory.CompanyId, CandidateId, null, null,
        Spec.Now.AddDays(-3), Spec.Now.AddDays(Invitation.LifetimeDays - 3));

    public static InvitationDeclined Declined => new(InvitationId, PostingHistory.PostingId, CandidateId, Spec.Now.AddDays(-1));
}
