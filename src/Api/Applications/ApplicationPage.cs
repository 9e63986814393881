using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Postings;
using static Marketplace.Api.Applications.PipelineData;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Applications;

/// <summary>
/// One application as its company sees it: the candidate (blind review holds), the cover note, the evidence with its
/// feedback per criterion, the history with the team's notes, and the moves. A note goes with a move or a rejection:
/// the API has no separate note, and the candidate never sees the company's notes.
/// </summary>
public sealed class ApplicationPage(PageQueries queries, PipelineForms forms, TimeProvider clock)
{
    public static string Path(string application) => $"/company/applications/{Uri.EscapeDataString(application)}";

    public Task<IResult> Show(HttpContext http, string id) =>
        PipelineForms.Show(http, (actor, problem, status) => Render(http, actor, id, problem, status));

    public Task<IResult> Act(HttpContext http, string id) =>
        forms.Act(http, _ => Path(id), (actor, problem, status) => Render(http, actor, id, problem, status));

    private async Task<IResult> Render(HttpContext http, Actor actor, string id, string? problem, int status)
    {
        var data = await queries.Run<ApplicationData>(http, actor, ApplicationQuery, new { id });
        if (data.Application is not { } application) return Layout.Result(http, Layout.NotFound("Application"));

        var name = Name(application.Candidate);
        var members = data.Me?.Team?.Members.ToDictionary(m => $"company:{m.AccountId}", m => m.Email) ?? [];
        var candidate = application.Candidate;
        var body = $"""
            {Workspace.Nav(actor, PipelineForms.Section.Href)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{PipelineForms.Section.Href}">Postings</a> › <a href="{E(PostingWorkspace.BoardPath(application.Posting.Id))}">{E(application.Posting.Title)}</a> › <span aria-current="page">{E(name)}</span></nav>
            <h1>{E(name)}</h1>
            <p class="meta">{string.Join(" · ", new[] { candidate.DisplayName is null ? null : candidate.Handle, candidate.Headline, candidate.Email }.OfType<string>().Select(E))}</p>
            {(candidate.DisplayName is null && application.Posting.BlindReview ? "<p class=\"hint\">Blind review: the candidate's name shows once the application reaches the interview.</p>" : "")}
            <p><strong>{Words(application.Status == "ACTIVE" ? application.Stage : application.Status)}</strong>{(application.Status == "ACTIVE" ? $" for {E(Days(application.ChangedAt, clock.GetUtcNow()))}" : $" since {Date(application.ChangedAt)}")}. Applied {Date(application.SubmittedAt)}{(application.Source == "INVITATION" ? ", invited" : "")}.</p>
            {AccountForms.Problem(problem)}
            {Moves(http, application)}
            <h2>Cover note</h2>
            {(application.CoverNote is { Length: > 0 } note ? $"<div class=\"markdown\">{Markdown(note)}</div>" : "<p class=\"hint\">No cover note.</p>")}
            <h2>Evidence</h2>
            {(application.Evidence.Count == 0 ? "<p class=\"hint\">No challenge work attached.</p>" : Join(application.Evidence, Evidence))}
            <h2>History</h2>
            <ol class="history">{Join(application.History, step => Step(step, members))}</ol>
            """;
        return Layout.Result(http, new Page($"{name}: application", "An application to one of your company's postings.", body) { Status = status, Indexable = false });
    }

    private string Moves(HttpContext http, Detail application)
    {
        if (application.Status != "ACTIVE") return "";
        var action = Path(application.Id);
        var move = Next(application.Stage) is null
            ? "<p class=\"hint\">The offer is made: the candidate accepts or declines it.</p>"
            : forms.Move(http, action, application.Id, application.Version, null, "Move", current: application.Stage);
        return $"""
            <section class="moves" aria-labelledby="moves"><h2 id="moves">Move this application</h2>
            <p class="hint">Notes are for your team only: the candidate never sees them. A note goes with a move or a rejection.</p>
            {move}
            <h3>Reject</h3>
            {forms.Reject(http, action, application.Id, application.Version)}
            </section>
            """;
    }

    private static string Evidence(Evidence work) => $"""
        <section class="evidence"><h3>{E(work.Challenge?.Title)}, attempt {E(work.Attempt)}</h3>
        {(work.Feedback is not { } feedback ? "<p class=\"hint\">Not reviewed yet.</p>" : $"""
            <p><strong>{E(feedback.OverallScore)} / 100</strong>, scored against rubric version {E(feedback.RubricVersion)}. {E(feedback.Summary)}</p>
            <div class="scroll" role="region" tabindex="0" aria-label="Feedback per criterion on {E(work.Challenge?.Title)}">
            <table class="data"><thead><tr><th scope="col">Criterion</th><th scope="col" class="num">Score</th><th scope="col">Feedback</th></tr></thead>
            <tbody>{Join(feedback.Criteria ?? [], c => $"<tr><th scope=\"row\">{E(c.Key)}</th><td class=\"num\">{E(c.Score)}</td><td>{E(c.Comment)}</td></tr>")}</tbody></table>
            </div>
            """)}
        </section>
        """;

    private static string Step(Step step, IReadOnlyDictionary<string, string> members)
    {
        var by = step.By switch
        {
            null or "system" => "",
            "candidate" => " by the candidate",
            var member => $" by {(members.TryGetValue(member, out var email) ? email : "a former member of your team")}",
        };
        var note = step.Kind == "SUBMITTED" || string.IsNullOrWhiteSpace(step.Note) ? "" : $"<blockquote class=\"note\">{E(step.Note)}</blockquote>";
        return $"<li>{Date(step.At)}: {Words(step.Kind)}{(step.Stage is { } stage ? $" ({Words(stage).ToLowerInvariant()})" : "")}{by}" +
               $"{(step.Reason is { } reason ? $", reason: {Words(reason).ToLowerInvariant()}" : "")}.{note}</li>";
    }
}
