using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Invitations;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Tests.Postings;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Invitations.InvitationHistory;

namespace Marketplace.Domain.Tests.Invitations;

public class when_inviting_a_candidate
{
    private static readonly Posting Open = Spec.Given(PostingHistory.Drafted, PostingHistory.Published()).State()!;

    private static readonly Candidate Discoverable =
        new(CandidateId, "calm-heron-0001", new CandidateProfile("Ada", "ada@example.com", null, ["microservices"], Discoverable: true));

    private static InviteCandidate Invite(params string[] scoredSkills) =>
        new(PostingHistory.PostingId, PostingHistory.CompanyId, CandidateId, null, "Your design stood out.", scoredSkills);

    [Fact]
    public void a_candidate_scored_in_one_of_the_postings_skills_is_invited_and_the_expiry_scheduled()
    {
        var (start, outgoing) = InviteCandidateHandler.Handle(Invite("react", "microservices"), Open, Discoverable, invitedBefore: false, Spec.Now);

        start.StreamId.ShouldBe(InvitationId);
        start.Events.ShouldHaveSingleItem().ShouldBe(new InvitationSent(InvitationId, PostingHistory.PostingId, PostingHistory.CompanyId,
            CandidateId, null, "Your design stood out.", Spec.Now, Spec.Now.AddDays(14)));
        var expiry = outgoing.ShouldHaveSingleItem().ShouldBeOfType<Wolverine.DeliveryMessage<ExpireInvitation>>();
        expiry.Message.ShouldBe(new ExpireInvitation(InvitationId));
        expiry.Options.ScheduledTime.ShouldBe(Spec.Now.AddDays(14));
    }

    [Fact]
    public void a_candidate_outside_the_talent_pool_of_the_postings_skills_is_not_invited() =>
        Should.Throw<RuleViolation>(() => InviteCandidateHandler.Handle(Invite("react"), Open, Discoverable, invitedBefore: false, Spec.Now))
            .Message.ShouldBe("Invite candidates from the talent pool of one of the posting's skills.");

    [Fact]
    public void the_talent_pool_is_checked_before_who_owns_the_posting() =>
        Should.Throw<RuleViolation>(() => InviteCandidateHandler.Handle(Invite() with { CompanyId = PostingHistory.OtherCompanyId }, Open,
            Discoverable, invitedBefore: false, Spec.Now));

    [Fact]
    public void a_missing_posting_is_not_found_whatever_the_talent() =>
        Should.Throw<NotFound>(() => InviteCandidateHandler.Handle(Invite(), null, Discoverable, invitedBefore: false, Spec.Now));

    [Fact]
    public void another_company_may_not_invite_to_the_posting() =>
        Should.Throw<Forbidden>(() => InviteCandidateHandler.Handle(Invite("microservices") with { CompanyId = PostingHistory.OtherCompanyId },
            Open, Discoverable, invitedBefore: false, Spec.Now));

    [Fact]
    public void a_candidate_is_invited_to_a_posting_once() =>
        Should.Throw<RuleViolation>(() => InviteCandidateHandler.Handle(Invite("microservices"), Open, Discoverable, invitedBefore: true, Spec.Now))
            .Message.ShouldContain("invited to this posting already");

    [Fact]
    public void a_candidate_who_cannot_be_found_is_not_found() =>
        Should.Throw<NotFound>(() => InviteCandidateHandler.Handle(Invite("microservices"), Open,
            Discoverable with { Profile = Discoverable.Profile with { Discoverable = false } }, invitedBefore: false, Spec.Now));
}
