using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A candidate applies in the browser without JavaScript, with reviewed work as evidence, follows the application on
/// "My applications" as the company moves it, and answers the offer there; a second application is withdrawn.
/// </summary>
public class applying_in_the_browser(AppFixture app)
{
    [Fact]
    public async Task a_candidate_applies_with_evidence_follows_the_application_and_accepts_the_offer()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 2));
        var other = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 2));
        var apply = $"/postings/{posting}/apply";
        (await Browser.For(app).Get($"/postings/{posting}")).Body.ShouldContain($"href=\"{apply}\"");
        using (var visitor = Browser.For(app))
            (await visitor.Get(apply)).Location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString(apply)}");

        var person = await app.SignedUp("applicant");
        var browser = person.Browser;
        (await browser.Get(apply)).Body.ShouldContain("First, how should companies see you?");
        await browser.Submit(apply, apply, new Dictionary<string, string> { ["action"] = "profile", ["displayName"] = "Ada Lovelace" });
        (await browser.Get(apply)).Body.ShouldContain("You have no reviewed submissions yet to attach.");

        var challenge = await app.PublishedChallenge(company.Token);
        var work = Guid.Parse((await app.Submit(person.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(work, person.Token);
        (await browser.Get(apply)).Body.ShouldContain($"value=\"{work}\"");

        var (sent, _, to) = await browser.Submit(apply, apply, new Dictionary<string, string>
            { ["action"] = "apply", ["coverNote"] = "I have **split** two monoliths.", ["evidence"] = work.ToString() });
        sent.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe("/applications");
        var mine = (await browser.Get("/applications")).Body;
        mine.ShouldContain("data-stage=\"APPLIED\" data-status=\"ACTIVE\"");
        mine.ShouldContain("moves to screening when they take it up");
        var application = (await app.Host.GraphQL("{ me { applications { edges { node { id posting { id } evidence { id } coverNote } } } } }", token: person.Token))
            .Data("me.applications.edges").EnumerateArray().Select(e => e.GetProperty("node")).Single();
        application.GetProperty("evidence")[0].GetProperty("id").GetString().ShouldBe(work.ToString());
        application.GetProperty("coverNote").GetString().ShouldBe("I have **split** two monoliths.");
        var id = application.GetProperty("id").GetString()!;

        var (again, twice, _) = await browser.Submit(apply, apply, new Dictionary<string, string> { ["action"] = "apply", ["coverNote"] = "Again." });
        again.ShouldBe(HttpStatusCode.BadRequest);
        twice.ShouldContain("You have applied to this position already");

        (await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "SCREENING" })).Errors.ShouldBeEmpty();
        (await browser.Get("/applications")).Body.ShouldContain("data-stage=\"SCREENING\"");
        (await app.Move("extendOffer", company.Token, new { applicationId = id })).Errors.ShouldBeEmpty();
        var offered = (await browser.Get("/applications")).Body;
        offered.ShouldContain("You have an offer: accept it or decline it here.");
        (await browser.Post("/applications", new Dictionary<string, string> { ["action"] = "withdraw", ["applicationId"] = id })).Status
            .ShouldBe(HttpStatusCode.BadRequest, "a form without its page's token changes nothing");
        var (bad, refusal, _) = await browser.Submit("/applications", "/applications", new Dictionary<string, string> { ["action"] = "withdraw", ["applicationId"] = "not-an-id" });
        bad.ShouldBe(HttpStatusCode.BadRequest);
        refusal.ShouldContain("role=\"alert\"");
        (await browser.Get("/applications")).Body.ShouldContain("data-stage=\"OFFER\" data-status=\"ACTIVE\"");
        var (accepted, _, _) = await browser.Submit("/applications", "/applications", new Dictionary<string, string> { ["action"] = "accept", ["applicationId"] = id });
        accepted.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Get("/applications")).Body.ShouldContain("data-status=\"HIRED\"");

        var otherApply = $"/postings/{other}/apply";
        await browser.Submit(otherApply, otherApply, new Dictionary<string, string> { ["action"] = "apply", ["coverNote"] = "Also this one." });
        var second = (await app.Host.GraphQL("{ me { applications { edges { node { id status posting { id } } } } } }", token: person.Token))
            .Data("me.applications.edges").EnumerateArray().Select(e => e.GetProperty("node")).Single(n => n.GetProperty("posting").GetProperty("id").GetString() == other.ToString());
        var withdrawn = await browser.Submit("/applications", "/applications", new Dictionary<string, string> { ["action"] = "withdraw", ["applicationId"] = second.GetProperty("id").GetString()! });
        withdrawn.Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Get("/applications")).Body.ShouldContain("You withdrew the application.");

    }

    [Fact]
    public async Task an_invitation_is_answered_on_my_applications()
    {
        var company = await app.RegisterCompany();
        var person = await app.SignedUp("invited");
        var browser = person.Browser;
        await browser.Submit("/account/profile", "/account/profile",
            new Dictionary<string, string> { ["action"] = "profile", ["displayName"] = "Grace Hopper", ["discoverable"] = "on" });
        var challenge = await app.PublishedChallenge(company.Token);
        var work = Guid.Parse((await app.Submit(person.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(work, person.Token);
        await Eventually.Until(async () => (await app.Host.GraphQL("{ talentPool(skill: \"microservices\", first: 100) { edges { node { candidateId } } } }", token: company.Token)).Body,
            body => body.Contains(person.Id.ToString()));
        var first = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var second = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        foreach (var posting in new[] { first, second })
            (await app.Host.GraphQL("mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { invitation { id } } }",
                new { i = new { postingId = posting, candidateId = person.Id, message = "Your event design stood out." } }, company.Token)).Errors.ShouldBeEmpty();

        var page = (await browser.Get("/applications")).Body;
        page.ShouldContain("Your event design stood out.");
        var invitations = System.Text.RegularExpressions.Regex.Matches(page, "id=\"invitation-([0-9a-f-]+)\"").Select(m => m.Groups[1].Value).ToList();
        invitations.Count.ShouldBe(2);
        (await browser.Submit("/applications", "/applications", new Dictionary<string, string> { ["action"] = "accept-invitation", ["invitationId"] = invitations[0] }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Submit("/applications", "/applications", new Dictionary<string, string> { ["action"] = "decline-invitation", ["invitationId"] = invitations[1] }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        var after = (await browser.Get("/applications")).Body;
        after.ShouldNotContain("id=\"invitation-");
        after.ShouldContain("data-stage=\"APPLIED\" data-status=\"ACTIVE\"", customMessage: "accepting applied");
        var statuses = (await app.Host.GraphQL("{ me { invitations { status } } }", token: person.Token)).Data("me.invitations").EnumerateArray()
            .Select(i => i.GetProperty("status").GetString()).Order().ToList();
        statuses.ShouldBe(["ACCEPTED", "DECLINED"]);
    }
}
