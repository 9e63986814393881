using Marketplace.Api.Tests.Support;
using Marketplace.Api.Tests.Webhooks;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// Who may open the workspace's challenges and talent pages, and do what they offer: the company's members whose role
/// has the capability; anonymous visitors are sent to sign in, other accounts are told why not (403), another company's
/// challenge does not exist for them (404), a malformed id neither, and a form not sent from its page changes nothing.
/// An analyst member reads the company's funnel, whose page offers only Funnel and Team in the workspace's navigation.
/// The webhook pages are for owners and admins only: other members neither open them nor see them offered.
/// </summary>
public class workspace_sections_access(AppFixture app)
{
    private static string[] Pages(Guid challenge) =>
        ["/company/challenges", "/company/challenges/new", $"/company/challenges/{challenge}/edit", $"/company/challenges/{challenge}/submissions", "/company/talent"];

    [Fact]
    public async Task anonymous_visitors_sign_in_and_accounts_without_the_capability_are_told_why_not()
    {
        var team = await app.NewTeam();
        var challenge = await app.PublishedChallenge(team.Owner.Token);
        using (var visitor = Browser.For(app))
            foreach (var page in Pages(challenge).Append("/company/talent?skill=microservices&minScore=50"))
            {
                var (status, _, location) = await visitor.Get(page);
                status.ShouldBe(HttpStatusCode.Redirect, page);
                location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString(page)}");
            }

        var candidate = await app.SignedUp("candidate");
        foreach (var page in Pages(challenge))
        {
            var (status, body, _) = await candidate.Browser.Get(page);
            status.ShouldBe(HttpStatusCode.Forbidden, page);
            body.ShouldContain("is a part of a company&#x27;s workspace");
        }

        var analyst = await app.Member(team, "ANALYST");
        foreach (var page in Pages(challenge))
        {
            var (status, body, _) = await analyst.Browser.Get(page);
            status.ShouldBe(HttpStatusCode.Forbidden, page);
            body.ShouldContain("Your role in the company does not include");
        }
        var funnel = (await analyst.Browser.Get("/analytics")).Body;
        funnel.ShouldContain("<nav aria-label=\"Workspace\" class=\"workspace\"><a href=\"/analytics\" aria-current=\"page\">Funnel</a><a href=\"/company/team\">Team</a></nav>");
        funnel.ShouldContain("id=\"period\"", customMessage: "the company's funnel");
        funnel.ShouldContain("Signed in as an analyst of Team Co");

        var hiringManager = await app.Member(team, "HIRING_MANAGER");
        (await hiringManager.Browser.Get("/company/talent")).Status.ShouldBe(HttpStatusCode.Forbidden);

        // The analyst's own antiforgery token (from the sign-out form every page has) on a form of the challenges page.
        var draft = (await app.DraftChallenge(team.Owner.Token, ChallengeScenarios.ChallengeInput())).Data("draftChallenge.challenge.id").GetString()!;
        var (refused, _, _) = await analyst.Browser.SubmitTo("/company/team", "/account/sign-out", "/company/challenges",
            new Dictionary<string, string> { ["action"] = "publish", ["challengeId"] = draft });
        refused.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Challenge(Guid.Parse(draft), team.Owner.Token)).GetProperty("status").GetString().ShouldBe("DRAFT");
    }

    [Fact]
    public async Task another_company_s_challenge_does_not_exist_for_a_recruiter_and_malformed_ids_and_forged_forms_change_nothing()
    {
        var team = await app.NewTeam();
        var challenge = await app.PublishedChallenge(team.Owner.Token);
        var draft = (await app.DraftChallenge(team.Owner.Token, ChallengeScenarios.ChallengeInput())).Data("draftChallenge.challenge.id").GetString()!;
        var stranger = await app.Member(await app.NewTeam(), "RECRUITER");
        var browser = stranger.Browser;
        foreach (var page in new[] { $"/company/challenges/{challenge}/edit", $"/company/challenges/{challenge}/submissions", $"/company/challenges/{draft}/edit",
                     "/company/challenges/not-an-id/edit", "/company/challenges/not-an-id/submissions", $"/company/challenges/{Guid.NewGuid()}/edit" })
            (await browser.Get(page)).Status.ShouldBe(HttpStatusCode.NotFound, page);

        var edit = $"/company/challenges/{challenge}/edit";
        var (revised, _, _) = await browser.SubmitTo("/company/challenges/new", "/company/challenges/new", edit,
            challenges_in_the_browser.ChallengeFields("Taken over", "save", ("service-boundaries", "Splits the domain along business capabilities", "1")));
        revised.ShouldBe(HttpStatusCode.NotFound);
        (await app.Challenge(challenge)).GetProperty("title").GetString().ShouldNotBe("Taken over");

        var (published, refusal, _) = await browser.SubmitTo("/company/challenges/new", "/company/challenges/new", "/company/challenges",
            new Dictionary<string, string> { ["action"] = "publish", ["challengeId"] = draft });
        published.ShouldBe(HttpStatusCode.Forbidden);
        refusal.ShouldContain("role=\"alert\"");
        (await app.Challenge(Guid.Parse(draft), team.Owner.Token)).GetProperty("status").GetString().ShouldBe("DRAFT");

        var (garbage, _, _) = await browser.SubmitTo("/company/challenges/new", "/company/challenges/new", "/company/challenges",
            new Dictionary<string, string> { ["action"] = "publish", ["challengeId"] = "not-an-id" });
        garbage.ShouldBe(HttpStatusCode.BadRequest);
        var (unknown, _, _) = await browser.SubmitTo("/company/challenges/new", "/company/challenges/new", "/company/challenges",
            new Dictionary<string, string> { ["action"] = "delete-everything" });
        unknown.ShouldBe(HttpStatusCode.BadRequest);

        foreach (var action in new[] { "/company/challenges", "/company/challenges/new", edit, $"/company/challenges/{challenge}/submissions", "/company/talent/invitations" })
            (await team.Owner.Browser.Post(action, new Dictionary<string, string> { ["action"] = "publish", ["challengeId"] = draft }))
                .Status.ShouldBe(HttpStatusCode.BadRequest, $"{action}: a form without its page's token");
        (await app.Challenge(Guid.Parse(draft), team.Owner.Token)).GetProperty("status").GetString().ShouldBe("DRAFT");
    }

    [Fact]
    public async Task webhooks_are_for_owners_and_admins_and_another_company_s_endpoint_does_not_exist_for_them()
    {
        var team = await app.NewTeam();
        var endpoint = await app.WebhookEndpointOf(team.Owner.Token);
        var delivery = (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", team.Owner.Token, new { endpointId = endpoint }, "delivery { id }"))
            .Data("sendTestWebhook.delivery.id").GetString()!;
        string[] pages = ["/company/webhooks", $"/company/webhooks/{endpoint}", $"/company/webhooks/{endpoint}/delete"];
        using (var visitor = Browser.For(app))
            foreach (var page in pages)
            {
                var (status, _, location) = await visitor.Get(page);
                status.ShouldBe(HttpStatusCode.Redirect, page);
                location.ShouldBe($"/account/sign-in?returnUrl={Uri.EscapeDataString(page)}");
            }

        foreach (var manager in new[] { team.Owner, await app.Member(team, "ADMIN") })
            foreach (var page in pages)
            {
                var (status, body, _) = await manager.Browser.Get(page);
                status.ShouldBe(HttpStatusCode.OK, page);
                body.ShouldContain("<a href=\"/company/webhooks\" aria-current=\"page\">Webhooks</a>");
            }

        foreach (var role in new[] { "RECRUITER", "HIRING_MANAGER", "ANALYST" })
        {
            var member = await app.Member(team, role);
            foreach (var page in pages)
            {
                var (status, body, _) = await member.Browser.Get(page);
                status.ShouldBe(HttpStatusCode.Forbidden, $"{role} {page}");
                body.ShouldContain("Your role in the company does not include webhooks: owners and admins work on it.");
                body.ShouldNotContain("href=\"/company/webhooks\"", customMessage: "the section is not offered");
            }
            (await member.Browser.Get("/company/team")).Body.ShouldNotContain("/company/webhooks", customMessage: $"{role}: no Webhooks in the navigation");
            var (refused, _, _) = await member.Browser.SubmitTo("/company/team", "/account/sign-out", $"/company/webhooks/{endpoint}",
                new Dictionary<string, string> { ["action"] = "delete" });
            refused.ShouldBe(HttpStatusCode.Forbidden, role);
        }
        var candidate = await app.SignedUp("candidate");
        var (forbidden, why, _) = await candidate.Browser.Get("/company/webhooks");
        forbidden.ShouldBe(HttpStatusCode.Forbidden);
        why.ShouldContain("is a part of a company&#x27;s workspace");

        var stranger = (await app.NewTeam()).Owner.Browser;
        (await stranger.Get("/company/webhooks")).Body.ShouldNotContain(endpoint.ToString());
        foreach (var page in pages.Skip(1).Append("/company/webhooks/not-an-id").Append($"/company/webhooks/{Guid.NewGuid()}"))
            (await stranger.Get(page)).Status.ShouldBe(HttpStatusCode.NotFound, page);
        foreach (var fields in new Dictionary<string, string>[]
                 {
                     new() { ["action"] = "delete" }, new() { ["action"] = "test" }, new() { ["action"] = "rotate", ["overlapHours"] = "0" },
                     new() { ["action"] = "save", ["url"] = "https://taken.example.com/", ["eventTypes"] = "posting.closed" },
                     new() { ["action"] = "replay", ["deliveryId"] = delivery },
                 })
        {
            var (status, _, _) = await stranger.SubmitTo("/company/webhooks", "/company/webhooks", $"/company/webhooks/{endpoint}", fields);
            status.ShouldBe(HttpStatusCode.NotFound, fields["action"]);
        }
        (await team.Owner.Browser.Post($"/company/webhooks/{endpoint}", new Dictionary<string, string> { ["action"] = "delete" }))
            .Status.ShouldBe(HttpStatusCode.BadRequest, "a form without its page's token");
        var untouched = await app.EndpointWithLog(endpoint, team.Owner.Token);
        untouched.GetProperty("url").GetString().ShouldBe("https://hooks.example.com/fresh");
        untouched.GetProperty("version").GetInt32().ShouldBe(1);
        untouched.GetProperty("deliveries").GetArrayLength().ShouldBe(1);
    }
}
