using Marketplace.Api.Accounts;
using Marketplace.Api.Candidates;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Applications;

/// <summary>
/// Applying in the browser, and "My applications": a cover note and the candidate's own reviewed submissions as
/// evidence; each application with its history and what happens next, with withdrawal and the answer to an offer.
/// Forms post and redirect; each action is one GraphQL operation run with the session's account.
/// </summary>
public sealed class ApplicationPages(PageQueries queries, IAntiforgery antiforgery, UserManager<Account> users)
{
    public const string MinePath = "/applications";

    public static string ApplyPath(string posting) => $"/postings/{Uri.EscapeDataString(posting)}/apply";

    private const string ApplyQuery = """
        query($id: ID!) { posting(id: $id) { id title status company { name } }
          me { role candidate { id } submissions(first: 100) { id attempt status challenge { title } feedback { overallScore } } } }
        """;

    private const string MineQuery = """
        { me { role candidate { id }
          applications(first: 100) { edges { node { id stage status submittedAt posting { id title company { name } }
            history { at kind stage } } } }
          invitations { id status expiresAt message posting { id title status company { name } } } } }
        """;

    public sealed record ApplyData(PostingRef? Posting, ApplyMe? Me);
    public sealed record PostingRef(string Id, string Title, string Status, CompanyRef Company);
    public sealed record CompanyRef(string Name);
    public sealed record ApplyMe(string Role, IdOnly? Candidate, List<Work> Submissions);
    public sealed record IdOnly(string Id);
    public sealed record Work(string Id, int Attempt, string Status, TitleOnly Challenge, ScoreOnly? Feedback);
    public sealed record TitleOnly(string Title);
    public sealed record ScoreOnly(int OverallScore);
    public sealed record MineData(MineMe? Me);
    public sealed record MineMe(string Role, IdOnly? Candidate, Connection<MyApplication> Applications, List<MyInvitation> Invitations);
    public sealed record MyInvitation(string Id, string Status, DateTimeOffset ExpiresAt, string? Message, PostingRef Posting);
    public sealed record MyApplication(string Id, string Stage, string Status, DateTimeOffset SubmittedAt, PostingRef Posting, List<Step> History);
    public sealed record Step(DateTimeOffset At, string Kind, string? Stage);
    public sealed record Connection<T>(List<Edge<T>> Edges);
    public sealed record Edge<T>(T Node);

    public async Task<IResult> ApplyForm(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(ApplyPath(id));
        return await RenderApply(http, actor, id, null, "");
    }

    public async Task<IResult> Apply(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(ApplyPath(id));
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        try
        {
            if (form["action"] == "profile")
            {
                await CandidateProfileForm.Register(http, queries, users, actor, form);
                return Results.Redirect(ApplyPath(id));
            }
            await queries.Run<Dictionary<string, object?>>(http, actor,
                "mutation($i: ApplyToPostingInput!) { applyToPosting(input: $i) { application { id } } }",
                new { i = new { postingId = id, coverNote = form["coverNote"].ToString().Trim() is { Length: > 0 } note ? note : null,
                    evidence = form["evidence"].Select(e => e ?? "").ToArray() } });
            return Results.Redirect(MinePath);
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            var problem = failed.Code == "ALREADY_APPLIED"
                ? "You have applied to this position already, and that application is still open: follow it under My applications."
                : failed.Message;
            return await RenderApply(http, actor, id, problem, form["coverNote"].ToString(), failed.Status);
        }
    }

    public async Task<IResult> Mine(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(MinePath);
        return await RenderMine(http, actor, null);
    }

    public async Task<IResult> Act(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(MinePath);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var (mutation, input) = form["action"].ToString() switch
        {
            "withdraw" => ("withdrawApplication", "ApplicationIdInput"),
            "accept" => ("acceptOffer", "ApplicationIdInput"),
            "decline" => ("declineOffer", "ApplicationIdInput"),
            "accept-invitation" => ("acceptInvitation", "InvitationIdInput"),
            "decline-invitation" => ("declineInvitation", "InvitationIdInput"),
            _ => (null, null),
        };
        if (mutation is null) return await RenderMine(http, actor, "That is not something this page can do.", 400);
        try
        {
            object variables = input == "InvitationIdInput"
                ? new { i = new { invitationId = form["invitationId"].ToString() } }
                : new { i = new { applicationId = form["applicationId"].ToString() } };
            await queries.Run<Dictionary<string, object?>>(http, actor, $"mutation($i: {input}!) {{ {mutation}(input: $i) {{ __typename }} }}", variables);
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await RenderMine(http, actor, failed.Message, failed.Status);
        }
        return Results.Redirect(MinePath);
    }

    private async Task<IResult> RenderApply(HttpContext http, Actor actor, string id, string? problem, string coverNote, int status = 200)
    {
        ApplyData data;
        try
        {
            data = await queries.Run<ApplyData>(http, actor, ApplyQuery, new { id });
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED")
        {
            data = new ApplyData(null, null);
        }
        if (data.Posting is not { Status: "OPEN" } posting) return Layout.Result(http, Layout.NotFound("Position"));
        var head = $"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/postings/{E(posting.Id)}">{E(posting.Title)}</a> › <span aria-current="page">Apply</span></nav>
            <h1>Apply: {E(posting.Title)} at {E(posting.Company.Name)}</h1>
            {AccountForms.Problem(problem)}
            """;
        string body;
        if (data.Me is not { Role: Roles.Candidate } me)
            body = "<p>Positions are for candidates. Sign in with a candidate's account to apply.</p>";
        else if (me.Candidate is null)
            body = CandidateProfileForm.Render(http, antiforgery, ApplyPath(id));
        else
        {
            var reviewed = me.Submissions.Where(s => s.Feedback is not null).ToList();
            var evidence = reviewed.Count == 0
                ? "<p>You have no reviewed submissions yet to attach. <a href=\"/challenges\">Practise on a challenge</a> to show your work.</p>"
                : $"""
                  <fieldset><legend>Your work to attach as evidence (up to 5)</legend>
                  {Join(reviewed, s => $"<label><input type=\"checkbox\" name=\"evidence\" value=\"{E(s.Id)}\"> {E(s.Challenge.Title)}, attempt {E(s.Attempt)}: {E(s.Feedback!.OverallScore)} / 100</label><br>")}
                  </fieldset>
                  """;
            body = $"""
                <form method="post" action="{E(ApplyPath(id))}" class="sign-in">{AccountForms.TokenField(http, antiforgery)}<input type="hidden" name="action" value="apply">
                <label for="coverNote">Cover note (Markdown, optional)</label>
                <textarea id="coverNote" name="coverNote" rows="8" maxlength="5000">{E(coverNote)}</textarea>
                {evidence}
                <button type="submit">Send the application</button>
                </form>
                """;
        }
        return Layout.Result(http, new Page($"Apply: {posting.Title}", "Apply to a position with your challenge work.", head + body) { Status = status, Indexable = false });
    }

    private async Task<IResult> RenderMine(HttpContext http, Actor actor, string? problem, int status = 200)
    {
        http.Response.Headers.CacheControl = "no-store";
        var me = (await queries.Run<MineData>(http, actor, MineQuery)).Me;
        var applications = me?.Applications.Edges.Select(e => e.Node).ToList() ?? [];
        var list = applications.Count == 0
            ? Cards.Empty("No applications yet", "Find an open position and apply with your challenge work.")
            : Join(applications, a => $"""
                <article class="application" id="application-{E(a.Id)}" data-stage="{E(a.Stage)}" data-status="{E(a.Status)}">
                <h2><a href="/postings/{E(a.Posting.Id)}">{E(a.Posting.Title)}</a> at {E(a.Posting.Company.Name)}</h2>
                <p><strong>{Words(a.Status == "ACTIVE" ? a.Stage : a.Status)}</strong>. {E(Next(a))}</p>
                <ol class="history">{Join(a.History, h => $"<li>{Date(h.At)}: {Words(h.Kind)}{(h.Stage is { } stage ? $" ({Words(stage)})" : "")}</li>")}</ol>
                {Actions(http, a)}
                </article>
                """);
        var pending = me?.Invitations.Where(i => i.Status == "PENDING").ToList() ?? [];
        var invitations = pending.Count == 0 ? "" : $"""
            <section aria-labelledby="invitations"><h2 id="invitations">Invitations</h2>
            {Join(pending, i => $"""
                <article class="invitation" id="invitation-{E(i.Id)}">
                <h3><a href="/postings/{E(i.Posting.Id)}">{E(i.Posting.Title)}</a> at {E(i.Posting.Company.Name)}</h3>
                <p>The company invites you to apply, until {Date(i.ExpiresAt)}. Accepting applies with your profile and best work.</p>
                {(i.Message is { Length: > 0 } message ? $"<blockquote>{E(message)}</blockquote>" : "")}
                {InvitationButton(http, i.Id, "accept-invitation", "Accept and apply")}{InvitationButton(http, i.Id, "decline-invitation", "Decline")}
                </article>
                """)}
            </section>
            """;
        return Layout.Result(http, new Page("My applications", "Your applications and where each one stands.", $"""
            <h1>My applications</h1>
            {AccountForms.Problem(problem)}
            <p class="visually-hidden" id="live-announcement" role="status" aria-live="polite"></p>
            <div data-live-applications>
            {invitations}
            {list}
            </div>
            <script src="/site/live.js" defer></script>
            """) { Status = status, Indexable = false });
    }

    private string InvitationButton(HttpContext http, string invitation, string action, string label) =>
        $"<form class=\"inline\" method=\"post\" action=\"{MinePath}\">{AccountForms.TokenField(http, antiforgery)}<input type=\"hidden\" name=\"action\" value=\"{action}\"><input type=\"hidden\" name=\"invitationId\" value=\"{E(invitation)}\"><button type=\"submit\">{E(label)}</button></form>";

    private string Actions(HttpContext http, MyApplication application)
    {
        if (application.Status != "ACTIVE") return "";
        string Button(string action, string label) =>
            $"<form class=\"inline\" method=\"post\" action=\"{MinePath}\">{AccountForms.TokenField(http, antiforgery)}<input type=\"hidden\" name=\"action\" value=\"{action}\"><input type=\"hidden\" name=\"applicationId\" value=\"{E(application.Id)}\"><button type=\"submit\">{E(label)}</button></form>";
        return application.Stage == "OFFER"
            ? Button("accept", "Accept the offer") + Button("decline", "Decline the offer")
            : Button("withdraw", "Withdraw");
    }

    private static string Next(MyApplication application) => (application.Status, application.Stage) switch
    {
        ("ACTIVE", "APPLIED") => "The company has your application and your evidence; it moves to screening when they take it up.",
        ("ACTIVE", "SCREENING") => "The company is screening your application; an interview comes next if it goes on.",
        ("ACTIVE", "INTERVIEW") => "You are interviewing; an offer comes next if it goes on.",
        ("ACTIVE", "OFFER") => "You have an offer: accept it or decline it here.",
        ("HIRED", _) => "You accepted the offer. Congratulations.",
        ("REJECTED", _) => "The company did not take the application further.",
        ("WITHDRAWN", _) => "You withdrew the application.",
        ("OFFER_DECLINED", _) => "You declined the offer.",
        _ => "The position closed.",
    };


}
