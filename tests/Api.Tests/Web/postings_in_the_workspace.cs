using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Globalization;
using System.Net;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A recruiter runs the company's postings in the browser without JavaScript: drafts (a bad salary is said at its
/// field, the rest of the form kept), previews, revises, publishes, closes with a reason and reopens, each form one
/// GraphQL operation; two revisions from one version meet on a conflict page instead of overwriting.
/// </summary>
public class postings_in_the_workspace(AppFixture app)
{
    private const string List = "/company/postings";
    private const string New = "/company/postings/new";
    private const string Description = "We run **payments** for the whole group.\n\n- Kafka between the services\n- PostgreSQL for the ledger";

    private static string Edit(object posting) => $"/company/postings/{posting}/edit";

    private static string Lifecycle(object posting) => $"/company/postings/{posting}/lifecycle";

    private static Dictionary<string, string> Fields(string title = "Platform Engineer, Payments", string salaryMin = "90000",
        string salaryMax = "110000", string description = Description, string action = "save") => new()
    {
        ["action"] = action, ["title"] = title, ["role"] = "Platform Engineer", ["seniority"] = "SENIOR", ["skills"] = "microservices",
        ["location"] = "Lisbon, PT", ["remotePolicy"] = "HYBRID", ["salaryMin"] = salaryMin, ["salaryMax"] = salaryMax, ["currency"] = "eur",
        ["openings"] = "2", ["blindReview"] = "on", ["description"] = description,
    };

    [Fact]
    public async Task a_recruiter_drafts_previews_revises_publishes_closes_with_a_reason_and_reopens_a_posting()
    {
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        var browser = recruiter.Browser;
        var empty = await browser.Get(List);
        empty.Status.ShouldBe(HttpStatusCode.OK);
        empty.Body.ShouldContain("<a href=\"/company/postings\" aria-current=\"page\">Postings</a>");
        empty.Body.ShouldContain("No postings yet");

        var (refused, form, _) = await browser.Submit(New, New, Fields(salaryMin: "150000", salaryMax: "100000"));
        refused.ShouldBe(HttpStatusCode.BadRequest);
        form.ShouldContain("<p class=\"field-error\" id=\"salary-error\">salary.min must not exceed salary.max.</p>");
        form.ShouldContain("name=\"salaryMin\" inputmode=\"numeric\" value=\"150000\" aria-describedby=\"salary-error\" aria-invalid=\"true\"");
        form.ShouldContain("<a href=\"#salaryMin\">salary.min must not exceed salary.max.</a>");
        form.ShouldContain("value=\"Platform Engineer, Payments\"", customMessage: "the form keeps what was typed");
        form.ShouldContain("value=\"microservices\" checked");

        var (previewed, preview, _) = await browser.Submit(New, New, Fields(action: "preview"));
        previewed.ShouldBe(HttpStatusCode.OK);
        preview.ShouldContain($"<div class=\"preview-body\" id=\"description-preview\">{Html.Markdown(Description)}</div>");
        preview.ShouldContain("<strong>payments</strong>");

        var (drafted, _, to) = await browser.Submit(New, New, Fields());
        drafted.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldStartWith($"{List}#posting-");
        var id = Guid.Parse(to![$"{List}#posting-".Length..]);
        var posting = (await app.Posting(id, recruiter.Token))!.Value;
        posting.GetProperty("status").GetString().ShouldBe("DRAFT");
        posting.GetProperty("salary").GetProperty("currency").GetString().ShouldBe("EUR");
        posting.GetProperty("blindReview").GetBoolean().ShouldBeTrue();
        posting.GetProperty("openings").GetInt32().ShouldBe(2);
        var listed = (await browser.Get(List)).Body;
        listed.ShouldContain($"id=\"posting-{id}\" data-status=\"DRAFT\"");
        listed.ShouldContain("Not published yet");
        listed.ShouldContain($"href=\"/company/postings/{id}/board\"");
        listed.ShouldContain($"href=\"{Edit(id)}\"");

        (await browser.Get(Edit(id))).Body.ShouldContain("name=\"expectedVersion\" value=\"1\"");
        var (again, edited, _) = await browser.Submit(Edit(id), Edit(id), Fields(action: "preview", description: "## What you will do\n\nKeep the ledger honest."));
        again.ShouldBe(HttpStatusCode.OK);
        edited.ShouldContain("<h3>What you will do</h3>");
        edited.ShouldContain("name=\"expectedVersion\" value=\"1\"", customMessage: "a preview keeps the version the member started from");
        (await browser.Submit(Edit(id), Edit(id), Fields(title: "Platform Engineer, Payments and Ledger"))).Status.ShouldBe(HttpStatusCode.Redirect);
        posting = (await app.Posting(id, recruiter.Token))!.Value;
        posting.GetProperty("title").GetString().ShouldBe("Platform Engineer, Payments and Ledger");
        posting.GetProperty("version").GetInt32().ShouldBe(2);

        (await browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "publish" })).Location.ShouldBe($"{List}#posting-{id}");
        (await app.Posting(id))!.Value.GetProperty("status").GetString().ShouldBe("OPEN");
        (await browser.Get($"/postings/{id}")).Body.ShouldContain(Html.Markdown(Description), customMessage: "the preview is the public page's rendering");
        (await browser.Get(List)).Body.ShouldContain("<option value=\"FILLED\">Filled</option><option value=\"CANCELLED\">Cancelled</option></select>");

        (await browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "close", ["reason"] = "FILLED" })).Status.ShouldBe(HttpStatusCode.Redirect);
        posting = (await app.Posting(id, recruiter.Token))!.Value;
        posting.GetProperty("status").GetString().ShouldBe("CLOSED");
        posting.GetProperty("closeReason").GetString().ShouldBe("FILLED");
        (await browser.Get(List)).Body.ShouldContain("Closed as filled");
        (await browser.Get(Edit(id))).Body.ShouldContain("a closed posting cannot be revised");

        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "reopen", ["expiresOn"] = until })).Status.ShouldBe(HttpStatusCode.Redirect);
        posting = (await app.Posting(id))!.Value;
        posting.GetProperty("status").GetString().ShouldBe("OPEN");
        posting.GetProperty("expiresOn").GetString().ShouldBe(until);
    }

    [Fact]
    public async Task two_revisions_from_the_same_version_meet_on_a_conflict_page_and_the_second_chooses()
    {
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        var id = (await app.DraftPosting(recruiter.Token, Scenarios.PostingInput())).Data("draftPosting.posting.id").GetString()!;

        (await team.Owner.Browser.Submit(Edit(id), Edit(id), Fields(title: "Theirs: Staff Platform Engineer"))).Status.ShouldBe(HttpStatusCode.Redirect);
        var mine = Fields(title: "Mine: Principal Platform Engineer", salaryMax: "130000");
        mine["expectedVersion"] = "1"; // the form the recruiter opened before the owner saved
        var (status, page, _) = await recruiter.Browser.Submit(Edit(id), Edit(id), mine);

        status.ShouldBe(HttpStatusCode.Conflict);
        page.ShouldContain("<h1>Someone changed this posting meanwhile</h1>");
        page.ShouldContain("<th scope=\"col\">Theirs: version 2, saved</th><th scope=\"col\">Yours: from version 1, not saved</th>");
        page.ShouldContain("<tr><th scope=\"row\">Title</th><td><div class=\"text\">Theirs: Staff Platform Engineer</div></td><td><div class=\"text\">Mine: Principal Platform Engineer</div></td></tr>");
        page.ShouldContain("<td><div class=\"text\">EUR 90000–110000</div></td><td><div class=\"text\">EUR 90000–130000</div></td>");
        page.ShouldNotContain("<th scope=\"row\">Role</th>", customMessage: "only what differs is compared");
        page.ShouldContain($"<a class=\"button\" href=\"{Edit(id)}\">Take theirs</a>");
        page.ShouldContain("name=\"expectedVersion\" value=\"2\"");
        page.ShouldContain("value=\"Mine: Principal Platform Engineer\"");
        (await app.Posting(Guid.Parse(id), recruiter.Token))!.Value.GetProperty("title").GetString().ShouldBe("Theirs: Staff Platform Engineer", "nothing was overwritten");

        var stale = await recruiter.Browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "publish", ["expectedVersion"] = "1" });
        stale.Status.ShouldBe(HttpStatusCode.BadRequest);
        stale.Body.ShouldContain("Someone changed this posting meanwhile: it is now at version 2");

        mine["expectedVersion"] = "2"; // "Save mine on top of theirs"
        (await recruiter.Browser.Submit(Edit(id), Edit(id), mine)).Status.ShouldBe(HttpStatusCode.Redirect);
        var posting = (await app.Posting(Guid.Parse(id), recruiter.Token))!.Value;
        posting.GetProperty("title").GetString().ShouldBe("Mine: Principal Platform Engineer");
        posting.GetProperty("version").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task each_page_and_action_is_for_the_roles_the_operations_allow()
    {
        var team = await app.NewTeam();
        var id = (await app.DraftPosting(team.Owner.Token, Scenarios.PostingInput())).Data("draftPosting.posting.id").GetString()!;
        var publish = new Dictionary<string, string> { ["action"] = "publish" };
        using (var visitor = Browser.For(app))
        {
            foreach (var path in new[] { List, New, Edit(id) })
                (await visitor.Get(path)).Location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString(path)}");
            (await visitor.Post(Lifecycle(id), publish)).Location.ShouldStartWith("/account/sign-in");
        }

        var candidate = (await app.SignedUp("candidate")).Browser;
        foreach (var path in new[] { List, New, Edit(id) })
        {
            var (status, body, _) = await candidate.Get(path);
            status.ShouldBe(HttpStatusCode.Forbidden, path);
            body.ShouldContain("The company workspace is for members of a company.");
        }
        var drafting = await WithToken(candidate, New, Fields());
        drafting.Status.ShouldBe(HttpStatusCode.Forbidden);
        drafting.Body.ShouldContain("Only a member of a company may do this.");

        var analyst = (await app.Member(team, "ANALYST")).Browser;
        var seen = await analyst.Get(List);
        seen.Status.ShouldBe(HttpStatusCode.Forbidden);
        seen.Body.ShouldContain("As an analyst of the company you do not see its postings");
        var analystPublishes = await WithToken(analyst, Lifecycle(id), publish);
        analystPublishes.Status.ShouldBe(HttpStatusCode.Forbidden);
        analystPublishes.Body.ShouldContain("Your role in the company does not allow this (postings).");

        var manager = (await app.Member(team, "HIRING_MANAGER")).Browser;
        var board = await manager.Get(List);
        board.Status.ShouldBe(HttpStatusCode.OK);
        board.Body.ShouldContain($"href=\"/company/postings/{id}/board\"");
        board.Body.ShouldContain("None yet", customMessage: "a hiring manager counts the applications");
        board.Body.ShouldNotContain($"href=\"{Edit(id)}\"");
        board.Body.ShouldNotContain(Lifecycle(id));
        board.Body.ShouldNotContain("Draft a posting");
        foreach (var path in new[] { New, Edit(id) })
            (await manager.Get(path)).Body.ShouldContain("As a hiring manager of the company you see its postings but do not change them");
        var revising = await WithToken(manager, Edit(id), new Dictionary<string, string>(Fields()) { ["expectedVersion"] = "1" });
        revising.Status.ShouldBe(HttpStatusCode.Forbidden);
        revising.Body.ShouldContain("Your role in the company does not allow this (postings).");
        (await WithToken(manager, Lifecycle(id), publish)).Status.ShouldBe(HttpStatusCode.Forbidden);

        var stranger = (await app.NewTeam()).Owner.Browser;
        (await stranger.Get(Edit(id))).Status.ShouldBe(HttpStatusCode.NotFound, "another company's draft is not there for them");
        var strangerPublishes = await WithToken(stranger, Lifecycle(id), publish);
        strangerPublishes.Status.ShouldBe(HttpStatusCode.Forbidden);
        strangerPublishes.Body.ShouldContain("Only the company that owns this posting may change it.");
        (await app.Posting(Guid.Parse(id), team.Owner.Token))!.Value.GetProperty("status").GetString().ShouldBe("DRAFT");
    }

    [Fact]
    public async Task garbage_ids_are_not_found_forged_forms_are_refused_and_bad_input_is_said_at_its_field()
    {
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        var id = (await app.DraftPosting(team.Owner.Token, Scenarios.PostingInput())).Data("draftPosting.posting.id").GetString()!;
        var publish = new Dictionary<string, string> { ["action"] = "publish", ["expectedVersion"] = "1" };
        foreach (var garbage in new[] { "not-an-id", Guid.NewGuid().ToString(), "%27%20or%201%3D1" })
        {
            (await browser.Get(Edit(garbage))).Status.ShouldBe(HttpStatusCode.NotFound, garbage);
            (await WithToken(browser, Lifecycle(garbage), publish)).Status.ShouldBe(HttpStatusCode.NotFound, garbage);
            (await WithToken(browser, Edit(garbage), new Dictionary<string, string>(Fields()) { ["expectedVersion"] = "1" })).Status.ShouldBe(HttpStatusCode.NotFound, garbage);
        }

        (await browser.Post(New, Fields())).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Post(Lifecycle(id), publish)).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Post("/company/postings/preview", new Dictionary<string, string> { ["description"] = "Hello" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        var versionless = await browser.Submit(Edit(id), Edit(id), new Dictionary<string, string>(Fields()) { ["expectedVersion"] = "" });
        versionless.Status.ShouldBe(HttpStatusCode.BadRequest, "a revision without the version it started from is not this page's form");
        (await app.Posting(Guid.Parse(id), team.Owner.Token))!.Value.GetProperty("status").GetString().ShouldBe("DRAFT", "no forged form changed anything");

        var unknown = await browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "delete" });
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Body.ShouldContain("That is not something this page can do.");
        var expired = await browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "close", ["reason"] = "EXPIRED" });
        expired.Status.ShouldBe(HttpStatusCode.BadRequest);
        expired.Body.ShouldContain("EXPIRED is set by the platform");
        (await browser.Submit(List, Lifecycle(id), new Dictionary<string, string> { ["action"] = "close", ["reason"] = "SOON" })).Status.ShouldBe(HttpStatusCode.BadRequest);

        var (count, counted, _) = await browser.Submit(New, New, new Dictionary<string, string>(Fields()) { ["openings"] = "two" });
        count.ShouldBe(HttpStatusCode.BadRequest);
        counted.ShouldContain("<p class=\"field-error\" id=\"openings-error\">Enter the number of openings as a whole number.</p>");
        var (place, placed, _) = await browser.Submit(New, New, new Dictionary<string, string>(Fields()) { ["location"] = new string('x', 121) });
        place.ShouldBe(HttpStatusCode.BadRequest);
        placed.ShouldContain("aria-describedby=\"location-error\" aria-invalid=\"true\"");
        placed.ShouldContain("location must have at most 120 characters.");

        const string hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **kept**";
        var (shown, fragment, _) = await browser.SubmitTo(New, New, "/company/postings/preview", new Dictionary<string, string> { ["description"] = hostile });
        shown.ShouldBe(HttpStatusCode.OK);
        fragment.ShouldBe(Html.Markdown(hostile));
        fragment.ShouldContain("<strong>kept</strong>");
        fragment.ShouldNotContain("<script");
        fragment.ShouldNotContain("javascript:");
    }

    /// <summary>A form made by hand with a valid antiforgery token (the one in the page's sign-out form): only the operation refuses it.</summary>
    private static Task<(HttpStatusCode Status, string Body, string? Location)> WithToken(Browser browser, string action, IDictionary<string, string> fields) =>
        browser.SubmitTo(List, "/account/sign-out", action, fields);
}
