using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using System.Globalization;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Challenges;

/// <summary>
/// Drafting and revising a challenge with its rubric: a form that posts and redirects, its rubric rows added and removed
/// by posting it again; saving is one draftChallenge or reviseChallenge, whose VALIDATION_FAILED shows at its field.
/// </summary>
public sealed class ChallengeEditor(PageQueries queries, IAntiforgery antiforgery)
{
    private const string SkillsQuery = "{ skills { slug name } }";

    private const string ChallengeQuery = """
        query($id: ID!) { skills { slug name }
          challenge(id: $id) { id version title skill status brief difficulty maxAttempts ownerCompany { id } rubric { version criteria { key description weight } } } }
        """;

    public sealed record Skill(string Slug, string Name);
    public sealed record Criterion(string Key, string Description, double Weight);
    public sealed record Rubric(int Version, List<Criterion> Criteria);
    public sealed record IdOnly(string Id);
    public sealed record Challenge(string Id, int Version, string Title, string Skill, string Status, string Brief, string Difficulty, int MaxAttempts,
        IdOnly? OwnerCompany, Rubric Rubric);
    public sealed record Data(List<Skill> Skills, Challenge? Challenge = null);

    /// <summary>What went wrong, at the form's field when the server named one this form has.</summary>
    private sealed record Problem(string? Field, string Message, int Status = StatusCodes.Status400BadRequest)
    {
        public static Problem From(PageQueryFailed failed) => new(failed.Field switch
        {
            "title" or "brief" or "skill" or "difficulty" or "maxAttempts" => failed.Field,
            "rubric.weight" => "weight",
            "rubric" or "rubric.key" or "rubric.description" => "rubric",
            _ => null,
        }, failed.Code == "CONFLICT"
            ? "Someone changed this challenge while you were editing it. Open it again to see their changes, then make yours."
            : failed.Message, failed.Status);

        public string? At(string field) => Field == field ? Message : null;
    }

    public async Task<IResult> New(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, ChallengeWorkspace.Section);
        if (actor is null) return refusal!;
        return Render(http, actor, await queries.Run<Data>(http, actor, SkillsQuery), ChallengeForm.Blank, null);
    }

    public async Task<IResult> Create(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, ChallengeWorkspace.Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } posted) return AccountForms.Forged(http);
        var data = await queries.Run<Data>(http, actor, SkillsQuery);
        return await Save(http, actor, data, posted, "mutation($i: DraftChallengeInput!) { draftChallenge(input: $i) { challenge { id } } }",
            form => form.DraftInput());
    }

    public async Task<IResult> Edit(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, ChallengeWorkspace.Section);
        if (actor is null) return refusal!;
        if (await Own(http, actor, id) is not { Challenge: { } challenge } data) return Layout.Result(http, Layout.NotFound("Challenge"));
        var form = new ChallengeForm(challenge.Title, challenge.Skill, challenge.Difficulty, Invariant(challenge.MaxAttempts), challenge.Brief,
            challenge.Rubric.Criteria.Select(c => new CriterionRow(c.Key, c.Description, Number(c.Weight, "0.####"))).ToList(), Invariant(challenge.Version));
        return Render(http, actor, data, form, null);
    }

    public async Task<IResult> Revise(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, ChallengeWorkspace.Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } posted) return AccountForms.Forged(http);
        if (await Own(http, actor, id) is not { Challenge: { } challenge } data) return Layout.Result(http, Layout.NotFound("Challenge"));
        return await Save(http, actor, data, posted, "mutation($i: ReviseChallengeInput!) { reviseChallenge(input: $i) { challenge { id } } }",
            form => form.ReviseInput(challenge.Id));
    }

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A row added or removed shows the form again; "save" runs the one mutation and goes back to the list.</summary>
    private async Task<IResult> Save(HttpContext http, Actor actor, Data data, IFormCollection posted, string mutation, Func<ChallengeForm, object> input)
    {
        var form = ChallengeForm.Read(posted);
        var action = posted["action"].ToString();
        if (action == "add-row") return Render(http, actor, data, form.WithRow(), null);
        if (action.StartsWith("remove-") && int.TryParse(action[7..], out var row)) return Render(http, actor, data, form.WithoutRow(row), null);
        if (action is not ("save" or "")) return Render(http, actor, data, form, new Problem(null, "That is not something this page can do."));
        if (form.Unreadable() is { } unreadable)
            return Render(http, actor, data, form, new Problem(unreadable.Field == "rubric.weight" ? "weight" : unreadable.Field, unreadable.Message));
        try
        {
            await queries.Run<Dictionary<string, object?>>(http, actor, mutation, new { i = input(form) });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return Render(http, actor, data, form, Problem.From(failed));
        }
        return Results.Redirect(ChallengeWorkspace.Path);
    }

    /// <summary>The challenge when it is the member's company's; null for a malformed id, another's, or none.</summary>
    private async Task<Data?> Own(HttpContext http, Actor actor, string id)
    {
        Data data;
        try
        {
            data = await queries.Run<Data>(http, actor, ChallengeQuery, new { id });
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED")
        {
            return null;
        }
        return data.Challenge?.OwnerCompany?.Id == actor.CompanyId?.ToString() ? data : null;
    }

    private IResult Render(HttpContext http, Actor actor, Data data, ChallengeForm form, Problem? problem)
    {
        var editing = data.Challenge;
        var action = editing is null ? ChallengeWorkspace.NewPath : ChallengeWorkspace.EditPath(editing.Id);
        var heading = editing is null ? "Draft a challenge" : $"Edit: {editing.Title}";
        string Invalid(string field) => problem?.Field == field ? " aria-invalid=\"true\"" : "";
        string Option(string value, string label, string selected) => $"<option value=\"{E(value)}\"{(value == selected ? " selected" : "")}>{E(label)}</option>";
        var skill = editing is null
            ? $"""<div class="field"><label for="skill">Skill</label><select id="skill" name="skill" aria-describedby="skill-error"{Invalid("skill")}>{Join(data.Skills, s => Option(s.Slug, s.Name, form.Skill))}</select>{RubricEditor.FieldError("skill-error", problem?.At("skill"))}</div>"""
            : $"""<p>Skill: <strong>{E(data.Skills.FirstOrDefault(s => s.Slug == editing.Skill)?.Name ?? editing.Skill)}</strong> (a challenge keeps the skill it was drafted for).</p>""";
        var state = editing is null ? "" : $"""
            <p class="meta">{Words(editing.Status)} · rubric version {E(editing.Rubric.Version)}</p>
            {(editing.Status == "PUBLISHED" ? $"<p class=\"hint\">Changing the rubric starts rubric version {E(editing.Rubric.Version + 1)}; feedback already given keeps the version it was scored against.</p>" : "")}
            """;
        var body = $"""
            {Workspace.Nav(actor, ChallengeWorkspace.Path)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{ChallengeWorkspace.Path}">Challenges</a> › <span aria-current="page">{E(editing?.Title ?? "New challenge")}</span></nav>
            <h1>{E(heading)}</h1>
            {state}
            {AccountForms.Problem(problem is { Field: null } ? problem.Message : null)}
            <form method="post" action="{E(action)}" class="challenge-form">{AccountForms.TokenField(http, antiforgery)}{(form.Version is { } version ? $"<input type=\"hidden\" name=\"version\" value=\"{E(version)}\">" : "")}
            <button type="submit" name="action" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">Save</button>
            <div class="field"><label for="title">Title</label><input id="title" name="title" value="{E(form.Title)}" required minlength="3" maxlength="140" aria-describedby="title-error"{Invalid("title")}>{RubricEditor.FieldError("title-error", problem?.At("title"))}</div>
            {skill}
            <div class="field"><label for="difficulty">Difficulty</label><select id="difficulty" name="difficulty">{Option("EASY", "Easy", form.Difficulty)}{Option("MEDIUM", "Medium", form.Difficulty)}{Option("HARD", "Hard", form.Difficulty)}</select>{RubricEditor.FieldError("difficulty-error", problem?.At("difficulty"))}</div>
            <div class="field"><label for="maxAttempts">Attempts per candidate</label><input id="maxAttempts" name="maxAttempts" value="{E(form.MaxAttempts)}" inputmode="numeric" size="4" aria-describedby="maxAttempts-error"{Invalid("maxAttempts")}>{RubricEditor.FieldError("maxAttempts-error", problem?.At("maxAttempts"))}</div>
            <div class="field"><label for="brief">Brief (Markdown)</label><textarea id="brief" name="brief" rows="10" maxlength="20000" required aria-describedby="brief-error"{Invalid("brief")}>{E(form.Brief)}</textarea>{RubricEditor.FieldError("brief-error", problem?.At("brief"))}</div>
            {RubricEditor.Render(form, problem?.At("rubric"), problem?.At("weight"))}
            <div class="actions"><button type="submit" name="action" value="save">{(editing is null ? "Save the draft" : "Save the changes")}</button> <a href="{ChallengeWorkspace.Path}">Cancel</a></div>
            </form>
            <script src="/site/rubric.js" defer></script>
            """;
        return Layout.Result(http, new Page(heading, "Draft or revise a challenge and its rubric.", body) { Status = problem?.Status ?? 200, Indexable = false });
    }
}
