using Marketplace.Domain.Invitations;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Tests.Postings;
using Marketplace.Domain.Tests.Support;
using static Marketplace.Domain.Tests.Invitations.InvitationHistory;

namespace Marketplace.Domain.Tests.Invitations;

public class when_an_invitation_expires
{
    [Fact]
    public void an_unanswered_invitation_expires_when_its_time_runs_out() =>
        Spec.Given<Invitation>(Sent)
            .When(i => ExpireInvitationHandler.Handle(new ExpireInvitation(InvitationId), i, Spec.Now))
            .Then(new InvitationExpired(InvitationId, PostingHistory.PostingId, CandidateId, "No answer within 14 days.", Spec.Now));

    [Fact]
    public void an_answered_invitation_does_not_expire() =>
        Spec.Given<Invitation>(Sent, Declined)
            .When(i => ExpireInvitationHandler.Handle(new ExpireInvitation(InvitationId), i, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_pending_invitation_expires_when_its_posting_closes() =>
        Spec.Given<Invitation>(Sent)
            .When(i => ExpireInvitationHandler.WhenPostingCloses(new ClosePostingPipeline(PostingHistory.PostingId, CloseReason.Filled), i, Spec.Now))
            .Then(new InvitationExpired(InvitationId, PostingHistory.PostingId, CandidateId, "The posting closed (FILLED).", Spec.Now));

    [Fact]
    public void a_closing_posting_leaves_an_answered_or_expired_invitation_as_it_is()
    {
        var closed = new ClosePostingPipeline(PostingHistory.PostingId, CloseReason.Cancelled);
        Spec.Given<Invitation>(Sent, Declined)
            .When(i => ExpireInvitationHandler.WhenPostingCloses(closed, i, Spec.Now))
            .ThenNothing();
        Spec.Given<Invitation>(Sent, new InvitationExpired(InvitationId, PostingHistory.PostingId, CandidateId, "The posting closed (CANCELLED).", Spec.Now))
            .When(i => ExpireInvitationHandler.WhenPostingCloses(closed, i, Spec.Now))
            .ThenNothing();
    }
}
