using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Challenges;

/// <summary>
/// The company's challenges in every state, with what can be done to each: edit, read the submissions, publish a draft,
/// close a published one. Each action is one GraphQL mutation run with the session's account.
/// </summary>
public sealed class ChallengeWorkspace(PageQueries queries, IAntiforgery antiforgery)
{
    public const string Path = "/company/challenges";
    public const string NewPath = $"{Path}/new";

    public static string EditPath(string id) => $"{Path}/{Uri.EscapeDataString(id)}/edit";

    public static string SubmissionsPath(string id) => $"{Path}/{Uri.EscapeDataString(id)}/submissions";

    public static Workspace.Section Section => WorkspaceAccess.Section(Path);

    private const string ListQuery = """
        query($company: ID!) { me { company { name } }
          challenges(first: 100, filter: { companyId: $company }) { totalCount edges { node {
            id title skill status difficulty submissionCount averageScore rubric { version } } } } }
        """;

    public sealed record ListData(Me? Me, Connection<Row> Challenges);
    public sealed record Me(CompanyName? Company);
    public sealed record CompanyName(string Name);
    public sealed record Row(string Id, string Title, string Skill, string Status, string Difficulty, int SubmissionCount, double? AverageScore, RubricVersion Rubric);
    public sealed record RubricVersion(int Version);

    public async Task<IResult> List(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (actor is null) return refusal!;
        return await Render(http, actor, null);
    }

    public async Task<IResult> Act(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var mutation = form["action"].ToString() switch
        {
            "publish" => "publishChallenge",
            "close" => "closeChallenge",
            _ => null,
        };
        if (mutation is null) return await Render(http, actor, "That is not something this page can do.", 400);
        try
        {
            await queries.Run<Dictionary<string, object?>>(http, actor, $"mutation($i: ChallengeIdInput!) {{ {mutation}(input: $i) {{ challenge {{ id }} }} }}",
                new { i = new { challengeId = form["challengeId"].ToString() } });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await Render(http, actor, failed.Message, failed.Status);
        }
        return Results.Redirect(Path);
    }

    /// <summary>A form of one button that runs <paramref name="action"/> on the challenge; also on the editor's page.</summary>
    public static string Button(HttpContext http, IAntiforgery antiforgery, string challenge, string title, string action, string label) =>
        $"<form class=\"inline\" method=\"post\" action=\"{Path}\">{AccountForms.TokenField(http, antiforgery)}<input type=\"hidden\" name=\"action\" value=\"{E(action)}\">" +
        $"<input type=\"hidden\" name=\"challengeId\" value=\"{E(challenge)}\"><button type=\"submit\" aria-label=\"{E(label)}: {E(title)}\">{E(label)}</button></form>";

    private async Task<IResult> Render(HttpContext http, Actor actor, string? problem, int status = 200)
    {
        var data = await queries.Run<ListData>(http, actor, ListQuery, new { company = actor.CompanyId });
        var rows = data.Challenges.Nodes.ToList();
        string Actions(Row c) =>
            (c.Status == "CLOSED" ? "" : $"<a href=\"{E(EditPath(c.Id))}\" aria-label=\"Edit {E(c.Title)}\">Edit</a> ") +
            $"<a href=\"{E(SubmissionsPath(c.Id))}\" aria-label=\"Submissions to {E(c.Title)}\">Submissions</a> " +
            c.Status switch
            {
                "DRAFT" => Button(http, antiforgery, c.Id, c.Title, "publish", "Publish"),
                "PUBLISHED" => Button(http, antiforgery, c.Id, c.Title, "close", "Close"),
                _ => "",
            };
        var table = rows.Count == 0
            ? Cards.Empty("No challenges yet", "Draft one: a brief, and the rubric its submissions are scored against.", NewPath, "Draft a challenge")
            : $"""
              <div class="scroll" role="region" tabindex="0" aria-label="Your challenges"><table class="data" id="challenges">
              <thead><tr><th scope="col">Challenge</th><th scope="col">Status</th><th scope="col" class="num">Rubric</th><th scope="col" class="num">Submissions</th><th scope="col">Actions</th></tr></thead>
              <tbody>{Join(rows, c => $"""
                  <tr id="challenge-{E(c.Id)}" data-status="{E(c.Status)}"><th scope="row">{(c.Status == "DRAFT" ? E(c.Title) : $"<a href=\"/challenges/{E(Uri.EscapeDataString(c.Id))}\">{E(c.Title)}</a>")}<br><span class="meta">{E(c.Skill)} · {Words(c.Difficulty)}</span></th>
                  <td>{Words(c.Status)}</td><td class="num">v{E(c.Rubric.Version)}</td>
                  <td class="num">{E(c.SubmissionCount)}{(c.AverageScore is { } average ? $"<br><span class=\"meta\">average {Number(average)}</span>" : "")}</td>
                  <td>{Actions(c)}</td></tr>
                  """)}</tbody></table></div>
              """;
        var company = data.Me?.Company?.Name ?? "Your company";
        return Layout.Result(http, new Page($"{company}: challenges", "Your company's challenges, their rubrics and submissions.", $"""
            {Workspace.Nav(actor, Path)}
            <h1>{E(company)}: challenges</h1>
            {AccountForms.Problem(problem)}
            <p><a class="button" href="{NewPath}">Draft a challenge</a></p>
            {table}
            """) { Status = status, Indexable = false });
    }
}
