using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marten.Events;
using Shouldly;
using Wolverine.Tracking;

namespace Marketplace.Api.Tests.Applications;

public class talent_connect(AppFixture app)
{
    private const string Invite = "mutation($input: InviteCandidateInput!) { inviteCandidate(input: $input) { invitation { id status expiresAt sentAt candidate { handle displayName } } } }";
    private const string Answer = "mutation($input: InvitationIdInput!) { acceptInvitation(input: $input) { application { id source stage status } } }";

    private async Task<(TestCompany Company, Guid Posting, TestCandidate Star, TestCandidate Hidden)> TalentPool(string skill)
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, Scenarios.PostingInput(skills: [skill]));
        var challenge = await app.PublishedChallenge(app.Token(Roles.Admin), ChallengeScenarios.ChallengeInput(skill: skill, title: $"Talent challenge {Guid.NewGuid():N}"));
        var star = await app.RegisterCandidate("Star Performer", discoverable: true);
        var hidden = await app.RegisterCandidate("Private Person", discoverable: false);
        foreach (var candidate in new[] { star, hidden })
        {
            var submission = Guid.Parse((await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
            await app.Settled(submission, candidate.Token);
        }
        return (company, posting, star, hidden);
    }

    /// <summary>
    /// The pool once the async talent projection has taken in everything appended so far: other tests share these
    /// skills, so waiting for any candidate to appear would not mean this test's candidates are in.
    /// </summary>
    private async Task<List<string>> Pool(string skill, string token)
    {
        await app.ReadModelsCaughtUp();
        var pool = await app.Host.GraphQL($"{{ talentPool(skill: \"{skill}\", first: 100) {{ totalCount edges {{ node {{ candidateId handle bestScore }} }} }} }}", token: token);
        return pool.Data("talentPool.edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("candidateId").GetString()!).ToList();
    }

    [Fact]
    public async Task a_company_invites_a_top_performer_who_applies_through_the_invitation()
    {
        var (company, posting, star, hidden) = await TalentPool("go");

        var pool = await Pool("go", company.Token);
        pool.ShouldContain(star.Id.ToString());
        pool.ShouldNotContain(hidden.Id.ToString(), "candidates who are not discoverable never appear");

        var invitation = (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = star.Id, message = "Loved your design" } }, company.Token))
            .Data("inviteCandidate.invitation");
        invitation.GetProperty("status").GetString().ShouldBe("PENDING");
        invitation.GetProperty("candidate").GetProperty("displayName").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (DateTimeOffset.Parse(invitation.GetProperty("expiresAt").GetString()!) - DateTimeOffset.Parse(invitation.GetProperty("sentAt").GetString()!))
            .ShouldBe(TimeSpan.FromDays(14));
        var invitationId = invitation.GetProperty("id").GetString();

        (await app.Host.GraphQL("{ me { invitations { id status } } }", token: star.Token)).Data("me.invitations")
            .EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(invitationId);
        (await app.Host.GraphQL(Answer, new { input = new { invitationId } }, hidden.Token)).ShouldFailWith("NOT_FOUND");

        var application = (await app.Host.GraphQL(Answer, new { input = new { invitationId } }, star.Token)).Data("acceptInvitation.application");
        application.GetProperty("source").GetString().ShouldBe("INVITATION");
        application.GetProperty("status").GetString().ShouldBe("ACTIVE");
        (await app.Host.GraphQL(Answer, new { input = new { invitationId } }, star.Token)).ShouldFailWith("RULE_VIOLATION");
        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = star.Id } }, company.Token)).ShouldFailWith("RULE_VIOLATION");
    }

    [Fact]
    public async Task a_candidate_who_hides_is_off_the_pools_pages_at_once_and_off_its_total_once_the_daemon_has_it()
    {
        var (company, _, star, _) = await TalentPool("observability");
        (await Pool("observability", company.Token)).ShouldContain(star.Id.ToString());

        (await app.Host.GraphQL("mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { candidate { discoverable } } }",
            new { input = new { discoverable = false } }, star.Token)).Data("updateCandidateProfile.candidate.discoverable").GetBoolean().ShouldBeFalse();
        // No wait for the daemon: the page must not list them from the next read on.
        var page = await app.Host.GraphQL("{ talentPool(skill: \"observability\", first: 100) { totalCount edges { node { candidateId } } } }", token: company.Token);
        page.Data("talentPool.edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("candidateId").GetString())
            .ShouldNotContain(star.Id.ToString(), "a candidate who hides is never listed again");
        (await Pool("observability", company.Token)).ShouldNotContain(star.Id.ToString());
    }

    [Fact]
    public async Task only_discoverable_talent_of_the_postings_skills_can_be_invited_by_its_company()
    {
        var (company, posting, star, hidden) = await TalentPool("data-engineering");
        await Pool("data-engineering", company.Token);
        var other = await app.RegisterCompany();

        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = hidden.Id } }, company.Token)).ShouldFailWith("NOT_FOUND");
        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = star.Id } }, other.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = star.Id } }, star.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = star.Id } })).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = "nope" } }, company.Token)).ShouldFailWith("VALIDATION_FAILED");
        var unrelated = await app.RegisterCandidate(discoverable: true);
        (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = unrelated.Id } }, company.Token)).ShouldFailWith("RULE_VIOLATION");
        (await app.Host.GraphQL("{ talentPool(skill: \"data-engineering\") { totalCount } }", token: star.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL("{ talentPool(skill: \"data-engineering\") { totalCount } }")).ShouldFailWith("UNAUTHENTICATED");
    }

    [Fact]
    public async Task declining_or_a_closed_posting_ends_an_invitation()
    {
        var (company, posting, star, _) = await TalentPool("react");
        await Pool("react", company.Token);
        var invitationId = (await app.Host.GraphQL(Invite, new { input = new { postingId = posting, candidateId = star.Id } }, company.Token))
            .Data("inviteCandidate.invitation.id").GetString();

        await app.Lifecycle("closePosting", company.Token, new { postingId = posting, reason = "CANCELLED" });

        var expired = await Eventually.Until(
            async () => (await app.Host.GraphQL("{ me { invitations { id status } } }", token: star.Token)).Data("me.invitations").EnumerateArray().Single(),
            i => i.GetProperty("status").GetString() == "EXPIRED");
        expired.GetProperty("status").GetString().ShouldBe("EXPIRED");
        (await app.Host.GraphQL("mutation($input: InvitationIdInput!) { declineInvitation(input: $input) { invitation { status } } }",
            new { input = new { invitationId } }, star.Token)).ShouldFailWith("RULE_VIOLATION");
    }

    [Fact]
    public async Task an_unanswered_invitation_expires_through_its_scheduled_message()
    {
        var (company, posting, star, _) = await TalentPool("go");
        await Pool("go", company.Token);
        var tracked = await app.Track().ExecuteAndWaitAsync((Wolverine.IMessageContext bus) =>
            bus.InvokeAsync(new Marketplace.Domain.Invitations.InviteCandidate(posting, company.Id, star.Id, null, null, ["go"])));
        var invitationId = Marketplace.Domain.Invitations.Invitation.IdFor(posting, star.Id);
        var expiry = tracked.Scheduled.Envelopes()
            .Single(e => e.Message is Marketplace.Domain.Invitations.ExpireInvitation m && m.InvitationId == invitationId);
        expiry.ScheduledTime!.Value.ShouldBeInRange(DateTimeOffset.UtcNow.AddDays(14).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(14).AddMinutes(1));

        // Deliver just this invitation's expiry: playing every scheduled message would reach other tests' work.
        await app.Deliver(expiry.Message!);

        (await app.Host.GraphQL("{ me { invitations { status } } }", token: star.Token)).Data("me.invitations")
            .EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("EXPIRED");
    }

    [Theory]
    [InlineData("acceptInvitation", "{ application { id } }")]
    [InlineData("declineInvitation", "{ invitation { id } }")]
    public async Task answering_needs_a_candidate_and_a_valid_id(string mutation, string selection)
    {
        var query = $"mutation($input: InvitationIdInput!) {{ {mutation}(input: $input) {selection} }}";
        var candidate = await app.RegisterCandidate();
        (await app.Host.GraphQL(query, new { input = new { invitationId = Guid.NewGuid() } })).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(query, new { input = new { invitationId = Guid.NewGuid() } }, (await app.RegisterCompany()).Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(query, new { input = new { invitationId = "nope" } }, candidate.Token)).ShouldFailWith("VALIDATION_FAILED");
        (await app.Host.GraphQL(query, new { input = new { invitationId = Guid.NewGuid() } }, candidate.Token)).ShouldFailWith("NOT_FOUND");
    }
}
