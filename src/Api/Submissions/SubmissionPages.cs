using Marketplace.Api.Accounts;
using Marketplace.Api.Candidates;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Submissions;

/// <summary>
/// Practising in the browser: "Start this challenge" (a profile first for a new account), the submission form with the
/// attempts left and the window, and the submission's page with its feedback. Forms post and redirect, and work without
/// JavaScript; each action is one GraphQL operation run with the session's account (<see cref="PageQueries"/>).
/// </summary>
public sealed class SubmissionPages(PageQueries queries, IAntiforgery antiforgery, UserManager<Account> users)
{
    public static string StartPath(string challenge) => $"/challenges/{Uri.EscapeDataString(challenge)}/submit";

    public static string SubmissionPath(string submission) => $"/submissions/{Uri.EscapeDataString(submission)}";

    private const string StartQuery = """
        query($id: ID!) { challenge(id: $id) { id title status maxAttempts opensAt closesAt }
          me { role candidate { id displayName } submissions(first: 100) { challenge { id } attempt } } }
        """;

    private const string SubmissionQuery = """
        query($id: ID!) { submission(id: $id) { id attempt status content repositoryUrl submittedAt failureReason flagged leaderboardPosition
          challenge { id title maxAttempts }
          feedback { reviewer rubricVersion overallScore summary criteria { key score comment } } } }
        """;

    public sealed record StartData(ChallengeData? Challenge, MeData? Me);
    public sealed record ChallengeData(string Id, string Title, string Status, int MaxAttempts, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt);
    public sealed record MeData(string Role, CandidateData? Candidate, List<MineData> Submissions);
    public sealed record CandidateData(string Id, string DisplayName);
    public sealed record MineData(IdOnly Challenge, int Attempt);
    public sealed record IdOnly(string Id);
    public sealed record SubmissionData(SubmissionView? Submission);
    public sealed record SubmissionView(string Id, int Attempt, string Status, string? Content, string? RepositoryUrl, DateTimeOffset SubmittedAt,
        string? FailureReason, bool Flagged, int? LeaderboardPosition, ChallengeRef Challenge, FeedbackView? Feedback);
    public sealed record ChallengeRef(string Id, string Title, int MaxAttempts);
    public sealed record FeedbackView(string Reviewer, int RubricVersion, int OverallScore, string Summary, List<ScoreView> Criteria);
    public sealed record ScoreView(string Key, int Score, string Comment);
    private sealed record Created(IdOnly Submission);

    public async Task<IResult> Start(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(StartPath(id));
        return await RenderStart(http, actor, id, null, "", "");
    }

    public async Task<IResult> Submit(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(StartPath(id));
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        string Field(string name) => form[name].ToString().Trim();
        try
        {
            if (Field("action") == "profile")
            {
                await CandidateProfileForm.Register(http, queries, users, actor, form);
                return Results.Redirect(StartPath(id));
            }
            var created = await queries.Run<Dictionary<string, Created>>(http, actor,
                "mutation($i: SubmitToChallengeInput!) { submitToChallenge(input: $i) { submission { id } } }",
                new { i = new { challengeId = id, content = NullIfEmpty(Field("content")), repositoryUrl = NullIfEmpty(Field("repositoryUrl")) } });
            return Results.Redirect(SubmissionPath(created["submitToChallenge"].Submission.Id));
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await RenderStart(http, actor, id, failed.Message, Field("content"), Field("repositoryUrl"), failed.Status);
        }
    }

    public async Task<IResult> Show(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(SubmissionPath(id));
        SubmissionView? submission;
        try
        {
            submission = (await queries.Run<SubmissionData>(http, actor, SubmissionQuery, new { id })).Submission;
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED")
        {
            submission = null;
        }
        if (submission is null) return Layout.Result(http, Layout.NotFound("Submission"));
        http.Response.Headers.CacheControl = "no-store";
        return Layout.Result(http, new Page($"Attempt {submission.Attempt} at {submission.Challenge.Title}", "Your submission and its feedback.", $"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/challenges/{E(submission.Challenge.Id)}">{E(submission.Challenge.Title)}</a> › <span aria-current="page">Attempt {E(submission.Attempt)}</span></nav>
            <h1>Attempt {E(submission.Attempt)} of {E(submission.Challenge.MaxAttempts)}: {E(submission.Challenge.Title)}</h1>
            <p>Submitted {Date(submission.SubmittedAt)}.</p>
            {Feedback(submission)}
            <section aria-labelledby="work"><h2 id="work">Your work</h2>
            {(submission.RepositoryUrl is { } url ? $"<p>Repository: <a href=\"{E(url)}\" rel=\"nofollow ugc noopener\">{E(url)}</a></p>" : "")}
            {Markdown(submission.Content)}</section>
            """) { Indexable = false });
    }

    private static string Feedback(SubmissionView submission)
    {
        var flagged = submission.Flagged
            ? "<p class=\"problem\" role=\"note\">This submission is very close to another candidate's. The challenge's owner will look at both.</p>"
            : "";
        return submission.Status switch
        {
            "FEEDBACK_FAILED" => $"""
                <section aria-labelledby="feedback" id="feedback-section" data-status="FEEDBACK_FAILED"><h2 id="feedback">Feedback</h2>
                <p class="problem" role="alert">The feedback could not be produced{(submission.FailureReason is { } why ? $": {E(why)}" : ".")} It does not count against your attempts' scores; try again later.</p></section>
                """,
            _ when submission.Feedback is not { } feedback => $"""
                <section aria-labelledby="feedback" id="feedback-section" data-status="{E(submission.Status)}" data-live-review="{E(submission.Id)}"><h2 id="feedback">Feedback</h2>
                <p role="status">Reviewing… feedback usually arrives within seconds, criterion by criterion. <a href="{E(SubmissionPath(submission.Id))}">Reload</a> to see it.</p></section>
                <script src="/site/live.js" defer></script>
                """,
            _ => $"""
                <section aria-labelledby="feedback" id="feedback-section" data-status="{E(submission.Status)}"><h2 id="feedback">Feedback</h2>
                {flagged}
                <p class="score"><strong id="overall">{E(submission.Feedback!.OverallScore)}</strong> / 100 · scored against rubric version {E(submission.Feedback.RubricVersion)} by {E(submission.Feedback.Reviewer)}</p>
                <p>{E(submission.Feedback.Summary)}</p>
                <div class="scroll" role="region" tabindex="0" aria-label="Scores per criterion"><table class="data" id="criteria">
                <caption>Per criterion</caption>
                <thead><tr><th scope="col">Criterion</th><th scope="col" class="num">Score</th><th scope="col">What would raise it</th></tr></thead>
                <tbody>{Join(submission.Feedback.Criteria, c => $"<tr data-criterion=\"{E(c.Key)}\"><th scope=\"row\">{E(c.Key)}</th><td class=\"num\">{E(c.Score)}</td><td>{E(c.Comment)}</td></tr>")}</tbody>
                </table></div>
                <p id="standing">Attempt {E(submission.Attempt)}{(submission.LeaderboardPosition is { } position ? $" · position {E(position)} on the leaderboard. " : ". ")}<a href="/challenges/{E(submission.Challenge.Id)}#leaderboard">See the leaderboard</a></p></section>
                """,
        };
    }

    private async Task<IResult> RenderStart(HttpContext http, Actor actor, string id, string? problem, string content, string repositoryUrl, int status = 200)
    {
        StartData data;
        try
        {
            data = await queries.Run<StartData>(http, actor, StartQuery, new { id });
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED")
        {
            data = new StartData(null, null);
        }
        if (data.Challenge is not { } challenge) return Layout.Result(http, Layout.NotFound("Challenge"));
        var head = $"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/challenges/{E(challenge.Id)}">{E(challenge.Title)}</a> › <span aria-current="page">Submit</span></nav>
            <h1>Start {E(challenge.Title)}</h1>
            {AccountForms.Problem(problem)}
            """;
        string body;
        if (data.Me is not { Role: Roles.Candidate })
            body = "<p>Challenges are for candidates. You are signed in as a company member or for the platform; sign in with a candidate's account to take part.</p>";
        else if (data.Me.Candidate is null)
            body = CandidateProfileForm.Render(http, antiforgery, StartPath(id));
        else
        {
            var used = data.Me.Submissions.Count(s => s.Challenge.Id == challenge.Id);
            var left = Math.Max(0, challenge.MaxAttempts - used);
            var window = challenge.ClosesAt is { } closes ? $" It closes on {Date(closes)}." : "";
            body = $"""
                <p id="attempts">You have {E(left)} of {E(challenge.MaxAttempts)} attempts left.{window}</p>
                <form method="post" action="{E(StartPath(id))}" class="sign-in">{AccountForms.TokenField(http, antiforgery)}<input type="hidden" name="action" value="submit">
                <label for="content">Your answer (Markdown)</label>
                <textarea id="content" name="content" rows="14" aria-describedby="content-hint">{E(content)}</textarea>
                <p class="hint" id="content-hint">Headings, lists, code blocks and links work. Explain your choices: the rubric rewards trade-offs and evidence.</p>
                <label for="repositoryUrl">Link to a repository or a diagram (optional)</label>
                <input id="repositoryUrl" name="repositoryUrl" type="url" value="{E(repositoryUrl)}">
                <button type="submit">Submit for feedback</button>
                </form>
                """;
        }
        return Layout.Result(http, new Page($"Start {challenge.Title}", "Submit your work for automated feedback.", head + body) { Status = status, Indexable = false });
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;


}
