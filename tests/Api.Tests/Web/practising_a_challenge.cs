using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Text.Json;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A person practises in the browser without JavaScript: "Start this challenge", a profile for a new account, the
/// submission form with the attempts left, and the submission's page, which shows the feedback once it is written.
/// </summary>
public class practising_a_challenge(AppFixture app)
{
    [Fact]
    public async Task a_new_account_starts_a_challenge_submits_and_reads_its_feedback_on_the_submission_s_page()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var start = $"/challenges/{challenge}/submit";
        (await Browser.For(app).Get($"/challenges/{challenge}")).Body.ShouldContain($"href=\"{start}\"");
        using (var visitor = Browser.For(app))
            (await visitor.Get(start)).Location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString(start)}");

        var person = await app.SignedUp("practice");
        var browser = person.Browser;
        (await browser.Get(start)).Body.ShouldContain("First, how should companies see you?");
        var (profiled, _, back) = await browser.Submit(start, start, new Dictionary<string, string> { ["action"] = "profile", ["displayName"] = "Grace Hopper" });
        profiled.ShouldBe(HttpStatusCode.Redirect);
        back.ShouldBe(start);
        var form = (await browser.Get(start)).Body;
        form.ShouldContain("You have 3 of 3 attempts left.");

        var (refused, problem, _) = await browser.Submit(start, start, new Dictionary<string, string> { ["action"] = "submit", ["content"] = "", ["repositoryUrl"] = "" });
        refused.ShouldBe(HttpStatusCode.BadRequest);
        problem.ShouldContain("role=\"alert\"");
        (await browser.Get(start)).Body.ShouldContain("You have 3 of 3 attempts left.", customMessage: "a refused submission takes no attempt");

        var (submitted, _, page) = await browser.Submit(start, start, new Dictionary<string, string> { ["action"] = "submit", ["content"] = ChallengeScenarios.GoodWork });
        submitted.ShouldBe(HttpStatusCode.Redirect);
        page!.ShouldStartWith("/submissions/");
        var id = Guid.Parse(page["/submissions/".Length..]);
        var feedback = await app.Settled(id, person.Token);
        var shown = await Eventually.Until(async () => (await browser.Get(page)).Body, body => body.Contains("id=\"overall\""));
        shown.ShouldContain($"<strong id=\"overall\">{feedback.GetProperty("feedback").GetProperty("overallScore").GetInt32()}</strong>");
        foreach (var criterion in feedback.GetProperty("feedback").GetProperty("criteria").EnumerateArray())
            shown.ShouldContain($"data-criterion=\"{criterion.GetProperty("key").GetString()}\"");
        shown.ShouldContain("Attempt 1 of 3");
        (await browser.Get(start)).Body.ShouldContain("You have 2 of 3 attempts left.");

        var stranger = await app.SignedUp("stranger");
        var (status, _, _) = await stranger.Browser.Get(page);
        status.ShouldBe(HttpStatusCode.NotFound, "someone else's submission answers as if it did not exist");
        var forged = await browser.Post(start, new Dictionary<string, string> { ["action"] = "submit", ["content"] = "Forged." });
        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Get(start)).Body.ShouldContain("You have 2 of 3 attempts left.");
    }
}
