using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A recruiter works a posting's pipeline in the browser without JavaScript: the board lists the application with its
/// evidence score and days in stage, moves it forward a stage at a time, records an offer and rejects another with a
/// reason and a note; under blind review the name appears from the interview on. The application's page shows the cover
/// note, the feedback per criterion and the history with the team's notes, which the candidate never sees.
/// </summary>
public class pipeline_board(AppFixture app)
{
    private sealed record Hiring(TestCompany Company, TestTeam Team, TestAccount Recruiter, Guid Posting, string Board);

    [Fact]
    public async Task a_recruiter_moves_an_application_to_an_offer_and_rejects_another_with_a_reason()
    {
        var hiring = await Opening(blindReview: true);
        var (ada, application) = await Applicant(hiring, "Ada Lovelace", withWork: true);
        var (_, other) = await Applicant(hiring, "Charles Babbage");
        var browser = hiring.Recruiter.Browser;

        var board = (await browser.Get(hiring.Board)).Body;
        board.ShouldContain($"id=\"card-{application}\" data-application=\"{application}\" data-stage=\"APPLIED\"");
        board.ShouldContain(ada.Handle);
        board.ShouldNotContain("Ada Lovelace", customMessage: "blind review hides the name before the interview");
        board.ShouldMatch("Evidence: \\d+ / 100");
        board.ShouldContain("less than a day in applied");
        board.ShouldContain("No evidence attached");

        var (moved, _, to) = await Act(hiring, hiring.Board, application, new() { ["action"] = "move", ["toStage"] = "SCREENING" });
        moved.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe($"{hiring.Board}#card-{application}");
        board = (await browser.Get(hiring.Board)).Body;
        board.ShouldContain($"data-application=\"{application}\" data-stage=\"SCREENING\"");
        board.ShouldNotContain("Ada Lovelace");

        (await Act(hiring, hiring.Board, application, new() { ["action"] = "move", ["toStage"] = "INTERVIEW" })).Status.ShouldBe(HttpStatusCode.Redirect);
        board = (await browser.Get(hiring.Board)).Body;
        board.ShouldContain($"data-application=\"{application}\" data-stage=\"INTERVIEW\"");
        board.ShouldContain("Ada Lovelace", customMessage: "from the interview on the company sees the name");
        board.ShouldContain("Record an offer");

        (await Act(hiring, hiring.Board, application, new() { ["action"] = "move", ["toStage"] = "OFFER", ["note"] = "Offer at the top of the band." }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await Act(hiring, hiring.Board, other, new() { ["action"] = "reject", ["reason"] = "SKILLS_MISMATCH", ["note"] = "Not enough on messaging." }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        board = (await browser.Get(hiring.Board)).Body;
        board.ShouldContain($"data-application=\"{application}\" data-stage=\"OFFER\"");
        board.ShouldContain("Waiting for the candidate's answer to the offer.");
        board.ShouldContain("Ended applications (1)");
        board.ShouldContain("Rejected at applied");

        var page = (await browser.Get($"/company/applications/{application}")).Body;
        page.ShouldContain("<h1>Ada Lovelace</h1>");
        page.ShouldContain("I have <strong>split</strong> two monoliths.");
        page.ShouldContain("service-boundaries");
        page.ShouldContain("Offer at the top of the band.");
        page.ShouldContain($"by {hiring.Recruiter.Email}");
        var rejected = (await browser.Get($"/company/applications/{other}")).Body;
        rejected.ShouldContain("Not enough on messaging.");
        rejected.ShouldContain("reason: skills mismatch");
        rejected.ShouldNotContain("Move this application", customMessage: "an ended application has no moves");

        var asTheCandidate = (await app.Application(application, ada.Token))!.Value.GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("note").GetString()).ToList();
        asTheCandidate.ShouldNotContain("Offer at the top of the band.", customMessage: "the company's notes are the company's");
    }

    [Fact]
    public async Task a_note_goes_with_a_move_from_the_application_page_which_may_skip_a_stage()
    {
        var hiring = await Opening();
        var (_, application) = await Applicant(hiring, "Grace Hopper");
        var page = $"/company/applications/{application}";
        var (status, _, to) = await Act(hiring, page, application, new() { ["action"] = "move", ["toStage"] = "INTERVIEW", ["note"] = "Strong on sagas; straight to the interview." });
        status.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe(page);
        var shown = (await hiring.Recruiter.Browser.Get(page)).Body;
        shown.ShouldContain("Strong on sagas; straight to the interview.");
        shown.ShouldContain("<strong>Interview</strong> for less than a day");
        shown.ShouldContain("<option value=\"OFFER\">Offer</option>");
        shown.ShouldNotContain("<option value=\"SCREENING\">", customMessage: "only later stages are offered");
    }

    [Fact]
    public async Task bad_input_is_shown_on_the_form_and_changes_nothing()
    {
        var hiring = await Opening();
        var (_, application) = await Applicant(hiring, "Edsger Dijkstra");
        var browser = hiring.Recruiter.Browser;
        foreach (var garbage in new[] { "/company/postings/not-an-id/board", $"/company/postings/{Guid.NewGuid()}/board", "/company/applications/not-an-id",
                     $"/company/applications/{Guid.NewGuid()}" })
            (await browser.Get(garbage)).Status.ShouldBe(HttpStatusCode.NotFound, garbage);

        var (status, body, _) = await Act(hiring, hiring.Board, application, new() { ["action"] = "move", ["toStage"] = "PROMOTED" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("role=\"alert\"");
        body.ShouldContain("Choose the stage to move the application to");
        (status, body, _) = await Act(hiring, hiring.Board, application, new() { ["action"] = "reject", ["reason"] = "TOO_TALL" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("Choose why the application is rejected");
        (status, body, _) = await Act(hiring, hiring.Board, application, new() { ["action"] = "move", ["toStage"] = "HIRED" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("A candidate is hired by accepting an offer.");
        (status, _, _) = await Act(hiring, hiring.Board, application, new() { ["action"] = "dance" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        (status, body, _) = await Act(hiring, hiring.Board, application, new() { ["action"] = "move", ["toStage"] = "SCREENING", ["version"] = "7" });
        status.ShouldBe(HttpStatusCode.Conflict);
        body.ShouldContain("Someone on your team changed this application");
        (status, body, _) = await browser.Post(hiring.Board, new Dictionary<string, string>
            { ["action"] = "move", ["applicationId"] = application.ToString(), ["toStage"] = "SCREENING" });
        status.ShouldBe(HttpStatusCode.BadRequest, "a form without its page's token changes nothing");
        body.ShouldContain("Please try again");

        (await app.Application(application, hiring.Company.Token))!.Value.GetProperty("stage").GetString().ShouldBe("APPLIED");
    }

    [Fact]
    public async Task only_the_companys_hiring_team_opens_the_pipeline()
    {
        var hiring = await Opening();
        var (_, application) = await Applicant(hiring, "Barbara Liskov");
        var page = $"/company/applications/{application}";
        var move = new Dictionary<string, string> { ["action"] = "move", ["applicationId"] = application.ToString(), ["toStage"] = "SCREENING" };

        using (var anonymous = Browser.For(app))
            foreach (var path in new[] { hiring.Board, page })
            {
                (await anonymous.Get(path)).Location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString(path)}");
                (await anonymous.Post(path, move)).Location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString("/company/postings")}");
            }

        var candidate = await app.SignedUp("candidate");
        var analyst = await app.Member(hiring.Team, "ANALYST");
        foreach (var (who, says) in new[] { (candidate, "The hiring pipeline is a part of a company"), (analyst, "Your role in the company does not include the hiring pipeline") })
            foreach (var path in new[] { hiring.Board, page })
            {
                var (status, body, _) = await who.Browser.Get(path);
                status.ShouldBe(HttpStatusCode.Forbidden, path);
                body.ShouldContain(says);
                (await who.Browser.Post(path, move)).Status.ShouldBe(HttpStatusCode.Forbidden);
            }

        var stranger = (await app.NewTeam()).Owner;
        (await stranger.Browser.Get(hiring.Board)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Browser.Get(page)).Status.ShouldBe(HttpStatusCode.NotFound);
        // With a token of the stranger's own pages (the sign-out form carries one on every page).
        (await stranger.Browser.SubmitTo("/company/team", "/account/sign-out", hiring.Board, move)).Status.ShouldBe(HttpStatusCode.NotFound);

        var manager = await app.Member(hiring.Team, "HIRING_MANAGER");
        (await manager.Browser.Get(hiring.Board)).Status.ShouldBe(HttpStatusCode.OK);
        (await app.Application(application, hiring.Company.Token))!.Value.GetProperty("stage").GetString().ShouldBe("APPLIED");
    }

    private async Task<Hiring> Opening(bool blindReview = false)
    {
        var team = await app.NewTeam();
        var company = new TestCompany(team.CompanyId, "", team.Owner.Token);
        var recruiter = await app.Member(team, "RECRUITER");
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 2, blindReview: blindReview));
        return new Hiring(company, team, recruiter, posting, $"/company/postings/{posting}/board");
    }

    private async Task<(TestCandidate Candidate, Guid Application)> Applicant(Hiring hiring, string name, bool withWork = false)
    {
        var candidate = await app.RegisterCandidate(name);
        Guid[] evidence = [];
        if (withWork)
        {
            var challenge = await app.PublishedChallenge(hiring.Company.Token);
            var work = Guid.Parse((await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
            await app.Settled(work, candidate.Token);
            evidence = [work];
        }
        var applied = await app.Apply(candidate.Token, hiring.Posting, "I have **split** two monoliths.", evidence);
        return (candidate, Guid.Parse(applied.Data("applyToPosting.application.id").GetString()!));
    }

    /// <summary>Sends a move from <paramref name="page"/> for one application, with the version the page would show.</summary>
    private async Task<(HttpStatusCode Status, string Body, string? Location)> Act(Hiring hiring, string page, Guid application, Dictionary<string, string> fields)
    {
        fields["applicationId"] = application.ToString();
        fields.TryAdd("version", (await app.Application(application, hiring.Company.Token))!.Value.GetProperty("version").GetInt32().ToString());
        return await hiring.Recruiter.Browser.Submit(page, page, fields);
    }
}
