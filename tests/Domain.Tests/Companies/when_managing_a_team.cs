using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;
using Marketplace.Domain.Tests.Support;
using Shouldly;

namespace Marketplace.Domain.Tests.Companies;

public class when_managing_a_team
{
    private static readonly Guid CompanyId = Guid.Parse("0197f000-0000-7000-8000-00000000c0de");
    private static readonly Guid Owner = Guid.Parse("0197f000-0000-7000-8000-0000000000a1");
    private static readonly Guid Admin = Guid.Parse("0197f000-0000-7000-8000-0000000000a2");
    private static readonly Guid Invitation = Guid.Parse("0197f000-0000-4000-8000-0000000000b1");
    private const string Site = "https://marketplace.example";

    private static readonly object Requested = new CompanyRequested(CompanyId, "Acme", "acme", null, Owner, "owner@acme.example");
    private static readonly object Approved = new CompanyApproved(CompanyId, Owner, Spec.Now);
    private static readonly object AdminJoined = new MemberJoined(CompanyId, Admin, "admin@acme.example", CompanyRole.Admin, null, Spec.Now);

    [Fact]
    public void an_account_s_registration_waits_for_approval_with_the_account_as_owner() =>
        RegisterCompanyHandler.Handle(new RegisterCompany(CompanyId, "Acme", "acme", null, RequestedBy: new Requester(Owner, "owner@acme.example")), Spec.Now)
            .Item1.Events.ShouldBe([Requested]);

    [Fact]
    public void nobody_is_invited_before_the_company_is_approved() =>
        Spec.Given<Company>(Requested).When(c => InviteMemberHandler.Handle(new InviteMember(CompanyId, Invitation, "r@acme.example", CompanyRole.Recruiter, Owner, Site), c, Spec.Now))
            .ThenFails<RuleViolation>();

    [Fact]
    public void an_owner_invites_for_a_week_and_the_invitee_is_mailed() =>
        Spec.Given<Company>(Requested, Approved)
            .When(c => InviteMemberHandler.Handle(new InviteMember(CompanyId, Invitation, " r@acme.example ", CompanyRole.Recruiter, Owner, Site), c, Spec.Now))
            .Then(new MemberInvited(CompanyId, Invitation, "r@acme.example", CompanyRole.Recruiter, Owner, Spec.Now.AddDays(7)));

    [Fact]
    public void an_admin_does_not_invite_an_owner_and_a_recruiter_invites_nobody()
    {
        Spec.Given<Company>(Requested, Approved, AdminJoined)
            .When(c => InviteMemberHandler.Handle(new InviteMember(CompanyId, Invitation, "o@acme.example", CompanyRole.Owner, Admin, Site), c, Spec.Now))
            .ThenFails<Forbidden>();
        var recruiter = Guid.NewGuid();
        Spec.Given<Company>(Requested, Approved, new MemberJoined(CompanyId, recruiter, "r@acme.example", CompanyRole.Recruiter, null, Spec.Now))
            .When(c => InviteMemberHandler.Handle(new InviteMember(CompanyId, Invitation, "x@acme.example", CompanyRole.Analyst, recruiter, Site), c, Spec.Now))
            .ThenFails<Forbidden>();
    }

    [Fact]
    public void only_the_invited_address_joins_and_only_before_the_invitation_expires()
    {
        var invited = new MemberInvited(CompanyId, Invitation, "R@Acme.example", CompanyRole.Recruiter, Owner, Spec.Now.AddDays(7));
        var joiner = Guid.NewGuid();
        Spec.Given<Company>(Requested, Approved, invited)
            .When(c => JoinCompanyHandler.Handle(new JoinCompany(CompanyId, Invitation, joiner, "r@acme.example"), c, Spec.Now.AddDays(1)))
            .Then(new MemberJoined(CompanyId, joiner, "r@acme.example", CompanyRole.Recruiter, Invitation, Spec.Now.AddDays(1)));
        Spec.Given<Company>(Requested, Approved, invited)
            .When(c => JoinCompanyHandler.Handle(new JoinCompany(CompanyId, Invitation, joiner, "someone@else.example"), c, Spec.Now))
            .ThenFails<NotFound>();
        Spec.Given<Company>(Requested, Approved, invited)
            .When(c => JoinCompanyHandler.Handle(new JoinCompany(CompanyId, Invitation, joiner, "r@acme.example"), c, Spec.Now.AddDays(8)))
            .ThenFails<RuleViolation>();
        Spec.Given<Company>(Requested, Approved, invited, new MemberInvitationCancelled(CompanyId, Invitation))
            .When(c => JoinCompanyHandler.Handle(new JoinCompany(CompanyId, Invitation, joiner, "r@acme.example"), c, Spec.Now))
            .ThenFails<NotFound>();
    }

    [Fact]
    public void a_company_keeps_an_owner_and_only_owners_touch_ownership()
    {
        Spec.Given<Company>(Requested, Approved, AdminJoined)
            .When(c => ChangeMemberRoleHandler.Handle(new ChangeMemberRole(CompanyId, Owner, CompanyRole.Admin, Owner), c))
            .ThenFails<RuleViolation>();
        Spec.Given<Company>(Requested, Approved, AdminJoined)
            .When(c => RemoveMemberHandler.Handle(new RemoveMember(CompanyId, Owner, Admin), c))
            .ThenFails<Forbidden>();
        Spec.Given<Company>(Requested, Approved, AdminJoined)
            .When(c => ChangeMemberRoleHandler.Handle(new ChangeMemberRole(CompanyId, Admin, CompanyRole.Owner, Owner), c))
            .Then(new MemberRoleChanged(CompanyId, Admin, CompanyRole.Owner, Owner));
        Spec.Given<Company>(Requested, Approved, AdminJoined, new MemberRoleChanged(CompanyId, Admin, CompanyRole.Owner, Owner))
            .When(c => RemoveMemberHandler.Handle(new RemoveMember(CompanyId, Owner, Admin), c))
            .Then(new MemberRemoved(CompanyId, Owner, Admin));
    }

    [Fact]
    public void roles_and_scopes_give_the_capabilities_product_md_lists()
    {
        CompanyRole.Recruiter.Capabilities().HasFlag(CompanyCapabilities.Team).ShouldBeFalse();
        CompanyRole.HiringManager.Capabilities().ShouldBe(CompanyCapabilities.Pipeline);
        CompanyRole.Analyst.Capabilities().ShouldBe(CompanyCapabilities.Funnel);
        Team.FromScopes(["postings", "funnel", "team"]).ShouldBe(CompanyCapabilities.Postings | CompanyCapabilities.Funnel, "no scope grants the team");
    }
}
