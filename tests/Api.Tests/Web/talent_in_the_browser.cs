using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// The talent pool in the workspace without JavaScript: a recruiter searches by skill and lowest best score, invites a
/// candidate to an open position that asks for the skill, and follows the invitation from pending to accepted; another
/// is declined. Api design is a skill no other test scores in, so the pool holds this test's candidates only.
/// </summary>
public class talent_in_the_browser(AppFixture app)
{
    private const string Skill = "api-design";

    [Fact]
    public async Task a_recruiter_finds_candidates_by_skill_and_score_invites_them_and_sees_each_invitation_s_state()
    {
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        var browser = recruiter.Browser;
        var challenge = await app.PublishedChallenge(team.Owner.Token, ChallengeScenarios.ChallengeInput(skill: Skill));
        var strong = await app.RegisterCandidate("Strong Designer", discoverable: true);
        var thin = await app.RegisterCandidate("Thin Designer", discoverable: true);
        var hidden = await app.RegisterCandidate("Hidden Designer");
        var strongScore = await Scored(strong, challenge, ChallengeScenarios.GoodWork);
        var thinScore = await Scored(thin, challenge, "I would use microservices and retry things.");
        await Scored(hidden, challenge, ChallengeScenarios.GoodWork);
        thinScore.ShouldBeLessThan(strongScore);
        await Eventually.Until(async () => (await app.Host.GraphQL($"{{ talentPool(skill: \"{Skill}\", first: 100) {{ edges {{ node {{ candidateId }} }} }} }}",
            token: recruiter.Token)).Body, body => body.Contains(strong.Id.ToString()) && body.Contains(thin.Id.ToString()));
        var company = new TestCompany(team.CompanyId, "", team.Owner.Token);
        var title = $"API Designer {Guid.NewGuid():N}"[..24];
        var posting = await app.PublishedPosting(company, Scenarios.PostingInput(title: title, skills: [Skill]));
        var elsewhere = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Platform Engineer", skills: ["kubernetes"]));

        var search = $"/company/talent?skill={Skill}&minScore={thinScore + 1}";
        var found = (await browser.Get(search)).Body;
        found.ShouldContain($"id=\"candidate-{strong.Id}\"");
        found.ShouldNotContain(thin.Id.ToString(), customMessage: "below the lowest score asked for");
        found.ShouldNotContain(hidden.Id.ToString(), customMessage: "not discoverable");
        found.ShouldContain($"Invite {strong.Handle}</button>");
        found.ShouldContain($"<option value=\"{posting}\">{title}</option>");
        Regex.Match(found, "<ol class=\"talent\">.*?</ol>", RegexOptions.Singleline).Value
            .ShouldNotContain(elsewhere.ToString(), customMessage: "a position that does not ask for the skill is not offered");
        found.ShouldNotContain("Strong Designer", customMessage: "handles, never names");
        (await browser.Get($"/company/talent?skill={Skill}")).Body.ShouldContain($"id=\"candidate-{thin.Id}\"");

        var (invited, _, back) = await browser.Submit(search, "/company/talent/invitations",
            new Dictionary<string, string> { ["postingId"] = posting.ToString(), ["message"] = "Your API design stood out." });
        invited.ShouldBe(HttpStatusCode.Redirect);
        back.ShouldBe(search + "#invitations");
        var sent = (await browser.Get(search)).Body;
        var invitation = Regex.Match(sent, "id=\"invitation-([0-9a-f-]+)\" data-status=\"PENDING\"><th scope=\"row\">" + Regex.Escape(strong.Handle)).Groups[1].Value;
        invitation.ShouldNotBeEmpty(sent);
        sent.ShouldContain($"Invited to {title}: Pending");

        var (twice, again, _) = await browser.Submit(search, "/company/talent/invitations", new Dictionary<string, string> { ["postingId"] = posting.ToString() });
        twice.ShouldBe(HttpStatusCode.BadRequest);
        again.ShouldContain("This candidate has been invited to this posting already.");

        (await app.Host.GraphQL("mutation($i: InvitationIdInput!) { acceptInvitation(input: $i) { application { id } } }",
            new { i = new { invitationId = invitation } }, strong.Token)).Errors.ShouldBeEmpty();
        (await browser.Get(search)).Body.ShouldContain($"id=\"invitation-{invitation}\" data-status=\"ACCEPTED\"");

        var everyone = $"/company/talent?skill={Skill}";
        (await browser.Submit(everyone, "/company/talent/invitations",
            new Dictionary<string, string> { ["candidateId"] = thin.Id.ToString(), ["postingId"] = posting.ToString() })).Status.ShouldBe(HttpStatusCode.Redirect);
        var declined = Regex.Match((await browser.Get(everyone)).Body, "id=\"invitation-([0-9a-f-]+)\" data-status=\"PENDING\"").Groups[1].Value;
        (await app.Host.GraphQL("mutation($i: InvitationIdInput!) { declineInvitation(input: $i) { invitation { status } } }",
            new { i = new { invitationId = declined } }, thin.Token)).Data("declineInvitation.invitation.status").GetString().ShouldBe("DECLINED");
        (await browser.Get(everyone)).Body.ShouldContain($"id=\"invitation-{declined}\" data-status=\"DECLINED\"");

        var (tooHigh, told, _) = await browser.Get($"/company/talent?skill={Skill}&minScore=150");
        tooHigh.ShouldBe(HttpStatusCode.BadRequest);
        told.ShouldContain("id=\"minScore-error\" role=\"alert\">minScore must be between 0 and 100.");
    }

    private async Task<int> Scored(TestCandidate candidate, Guid challenge, string work)
    {
        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, work)).Data("submitToChallenge.submission.id").GetString()!);
        return (await app.Settled(id, candidate.Token)).GetProperty("feedback").GetProperty("overallScore").GetInt32();
    }
}
