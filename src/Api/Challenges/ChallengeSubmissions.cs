using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Challenges;

/// <summary>
/// A challenge's submissions as its owner reads them: each with its feedback per criterion, and a near-copy flag with
/// the similarity, the check that found it and the other submission, to confirm or dismiss (one reviewSubmissionFlag each).
/// </summary>
public sealed class ChallengeSubmissions(PageQueries queries, IAntiforgery antiforgery)
{
    private const string Query = """
        query($id: ID!) { challenge(id: $id) { id title status ownerCompany { id } rubric { version }
          submissions(first: 100) { id version attempt status submittedAt candidate { handle }
            feedback { overallScore rubricVersion summary criteria { key score comment } }
            flagged similarity flagReason flagConfirmed flagNote similarTo { id attempt submittedAt candidate { handle } } } } }
        """;

    public sealed record Data(Challenge? Challenge);
    public sealed record IdOnly(string Id);
    public sealed record RubricVersion(int Version);
    public sealed record Challenge(string Id, string Title, string Status, IdOnly? OwnerCompany, RubricVersion Rubric, List<Submission>? Submissions);
    public sealed record Pseudonym(string Handle);
    public sealed record CriterionScore(string Key, int Score, string Comment);
    public sealed record Feedback(int OverallScore, int RubricVersion, string Summary, List<CriterionScore> Criteria);
    public sealed record Other(string Id, int Attempt, DateTimeOffset SubmittedAt, Pseudonym Candidate);
    public sealed record Submission(string Id, int Version, int Attempt, string Status, DateTimeOffset SubmittedAt, Pseudonym Candidate, Feedback? Feedback,
        bool Flagged, double? Similarity, string? FlagReason, bool? FlagConfirmed, string? FlagNote, Other? SimilarTo);

    public async Task<IResult> Show(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, ChallengeWorkspace.Section);
        if (actor is null) return refusal!;
        return await Render(http, actor, id, null);
    }

    public async Task<IResult> Review(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, ChallengeWorkspace.Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        bool? confirmed = form["action"].ToString() switch { "confirm" => true, "dismiss" => false, _ => null };
        if (confirmed is null) return await Render(http, actor, id, "That is not something this page can do.", 400);
        var submission = form["submissionId"].ToString();
        try
        {
            await queries.Run<Dictionary<string, object?>>(http, actor,
                "mutation($i: ReviewFlagInput!) { reviewSubmissionFlag(input: $i) { submission { id } } }",
                new { i = new { submissionId = submission, confirmed, note = form["note"].ToString().Trim() is { Length: > 0 } note ? note : null,
                    expectedVersion = int.TryParse(form["version"], out var version) ? version : (int?)null } });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await Render(http, actor, id, failed.Code == "CONFLICT" ? "The submission changed while you were reading it: look at it again below." : failed.Message,
                failed.Status);
        }
        return Results.Redirect($"{ChallengeWorkspace.SubmissionsPath(id)}#submission-{Uri.EscapeDataString(submission)}");
    }

    private async Task<IResult> Render(HttpContext http, Actor actor, string id, string? problem, int status = 200)
    {
        Challenge? challenge;
        try
        {
            challenge = (await queries.Run<Data>(http, actor, Query, new { id })).Challenge;
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED")
        {
            challenge = null;
        }
        if (challenge is not { Submissions: { } submissions } || challenge.OwnerCompany?.Id != actor.CompanyId?.ToString())
            return Layout.Result(http, Layout.NotFound("Challenge"));
        var flagged = submissions.Count(s => s.Flagged);
        var pending = submissions.Count(s => s.Flagged && s.FlagConfirmed is null);
        var list = submissions.Count == 0
            ? Cards.Empty("No submissions yet", challenge.Status == "DRAFT" ? "Publish the challenge so that candidates can take it." : "Candidates' work shows here as it arrives.")
            : Join(submissions, s => Article(http, challenge.Id, s));
        return Layout.Result(http, new Page($"Submissions: {challenge.Title}", "The submissions to your challenge, their feedback and near-copy flags.", $"""
            {Workspace.Nav(actor, ChallengeWorkspace.Path)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{ChallengeWorkspace.Path}">Challenges</a> › <span aria-current="page">{E(challenge.Title)}</span></nav>
            <h1>Submissions: {E(challenge.Title)}</h1>
            <p class="meta">{Words(challenge.Status)} · rubric version {E(challenge.Rubric.Version)} · {E(submissions.Count)} submissions, {E(flagged)} flagged as near copies{(pending > 0 ? $", {E(pending)} awaiting your decision" : "")}</p>
            {AccountForms.Problem(problem)}
            {list}
            """) { Status = status, Indexable = false });
    }

    private string Article(HttpContext http, string challenge, Submission s) => $"""
        <article class="submission" id="submission-{E(s.Id)}" data-status="{E(s.Status)}"{(s.Flagged ? $" data-flag=\"{Decision(s.FlagConfirmed)}\"" : "")}>
        <h2>{E(s.Candidate.Handle)}, attempt {E(s.Attempt)}</h2>
        <p class="meta">Submitted {Date(s.SubmittedAt)} · {Words(s.Status)}{(s.Feedback is { } f ? $" · <strong>{E(f.OverallScore)}</strong> / 100 against rubric version {E(f.RubricVersion)}" : "")} · <a href="/submissions/{E(Uri.EscapeDataString(s.Id))}">Read the work</a></p>
        {(s.Flagged ? Flag(http, challenge, s) : "")}
        {(s.Feedback is { } feedback ? $"""
            <p>{E(feedback.Summary)}</p>
            <div class="scroll" role="region" tabindex="0" aria-label="Scores of {E(s.Candidate.Handle)}, attempt {E(s.Attempt)}"><table class="data">
            <thead><tr><th scope="col">Criterion</th><th scope="col" class="num">Score</th><th scope="col">Comment</th></tr></thead>
            <tbody>{Join(feedback.Criteria, c => $"<tr data-criterion=\"{E(c.Key)}\"><th scope=\"row\">{E(c.Key)}</th><td class=\"num\">{E(c.Score)}</td><td>{E(c.Comment)}</td></tr>")}</tbody>
            </table></div>
            """ : "")}
        </article>
        """;

    private static string Decision(bool? confirmed) => confirmed switch { true => "confirmed", false => "dismissed", null => "pending" };

    private string Flag(HttpContext http, string challenge, Submission s)
    {
        var other = s.SimilarTo is { } o
            ? $"<a href=\"#submission-{E(o.Id)}\">{E(o.Candidate.Handle)}, attempt {E(o.Attempt)}</a> (submitted {Date(o.SubmittedAt)})"
            : "another candidate's submission";
        var state = s.FlagConfirmed switch
        {
            true => "You confirmed it as a copy.",
            false => "You dismissed the flag.",
            null => "It waits for your decision: the flag rejects nothing by itself.",
        };
        string Button(string action, string label) => $"<button type=\"submit\" name=\"action\" value=\"{action}\">{label}</button>";
        return $"""
            <div class="flag" role="note">
            <p>{(s.FlagReason == "MEANING"
                ? $"<strong>Near copy in other words:</strong> {Percent(s.Similarity)} of it says what {other} says."
                : $"<strong>Near copy:</strong> {Percent(s.Similarity)} similar to {other}.")} {state}{(s.FlagNote is { Length: > 0 } note ? $" Note: {E(note)}" : "")}</p>
            <form method="post" action="{E(ChallengeWorkspace.SubmissionsPath(challenge))}" class="inline">{AccountForms.TokenField(http, antiforgery)}<input type="hidden" name="submissionId" value="{E(s.Id)}"><input type="hidden" name="version" value="{E(s.Version)}">
            <label for="note-{E(s.Id)}">Note (optional)</label><input id="note-{E(s.Id)}" name="note" maxlength="1000">
            {(s.FlagConfirmed != true ? Button("confirm", "Confirm copy") : "")}{(s.FlagConfirmed != false ? Button("dismiss", "Dismiss flag") : "")}
            </form>
            </div>
            """;
    }
}
