using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Domain.Companies;
using Marketplace.Domain.Postings;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;
using static Marketplace.Api.Postings.PostingWorkspace;

namespace Marketplace.Api.Postings;

/// <summary>
/// The workspace's postings: the list, the form that drafts and revises, and publish, close and reopen. Forms post and
/// redirect; each action is one GraphQL operation run with the session's account, so what the operation refuses (a
/// role without the Postings capability, another company's posting, a bad salary, a stale version) the page refuses.
/// </summary>
public sealed class PostingWorkspacePages(PageQueries queries, IAntiforgery antiforgery)
{
    public async Task<IResult> List(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(ListPath);
        return await RenderList(http, actor, null);
    }

    public async Task<IResult> Lifecycle(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(ListPath);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var action = form["action"].ToString();
        var mutation = action switch { "publish" => "publishPosting", "close" => "closePosting", "reopen" => "reopenPosting", _ => null };
        if (mutation is null) return await RenderList(http, actor, "That is not something this page can do.", 400);
        var input = new Dictionary<string, object?> { ["postingId"] = id, ["expectedVersion"] = Version(form) };
        if (action == "close") input["reason"] = form["reason"].ToString();
        else if (form["expiresOn"].ToString() is { Length: > 0 } until) input["expiresOn"] = until;
        try
        {
            await queries.Run<Dictionary<string, object?>>(http, actor, PostingWorkspaceData.Lifecycle(mutation), new { i = input });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            if (Gone(failed)) return NotFound(http);
            if (Refusal(failed) is { } refused) return Refused(http, actor, refused);
            var problem = failed.Code == "CONFLICT"
                ? $"Someone changed this posting meanwhile: it is now at version {failed.CurrentVersion}, shown below. Look at it, then try again."
                : failed.Message;
            return await RenderList(http, actor, problem, failed.Status);
        }
        return Results.Redirect($"{ListPath}#posting-{Uri.EscapeDataString(id)}");
    }

    public async Task<IResult> NewForm(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(NewPath);
        return await RenderNew(http, actor, PostingFormValues.Blank, null);
    }

    public async Task<IResult> Draft(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(NewPath);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var typed = PostingFormValues.From(form);
        if (form["action"] != "save") return await RenderNew(http, actor, typed, null);
        if (typed.Unreadable() is { } unreadable) return await RenderNew(http, actor, typed, unreadable, 400);
        var key = Guid.TryParse(form["idempotencyKey"], out var sent) ? sent : Guid.NewGuid();
        try
        {
            var answer = await queries.Run<Dictionary<string, Saved>>(http, actor, PostingWorkspaceData.Draft, new { i = typed.DraftInput(key.ToString()) });
            return Results.Redirect($"{ListPath}#posting-{Uri.EscapeDataString(answer["draftPosting"].Posting.Id)}");
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            if (Refusal(failed) is { } refused) return Refused(http, actor, refused);
            return await RenderNew(http, actor, typed, new FieldProblem(failed.Field, failed.Message), failed.Status);
        }
    }

    public async Task<IResult> EditForm(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(EditPath(id));
        return await RenderEdit(http, actor, id, null, null, null);
    }

    public async Task<IResult> Revise(HttpContext http, string id)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(EditPath(id));
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        // Without the version it started from a revision could overwrite what it never saw: such a form is not this page's.
        if (Version(form) is not { } started) return AccountForms.Forged(http);
        var typed = PostingFormValues.From(form);
        if (form["action"] != "save") return await RenderEdit(http, actor, id, typed, null, started);
        if (typed.Unreadable() is { } unreadable) return await RenderEdit(http, actor, id, typed, unreadable, started, 400);
        try
        {
            await queries.Run<Dictionary<string, Saved>>(http, actor, PostingWorkspaceData.Revise, new { i = typed.ReviseInput(id, started) });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            if (Gone(failed)) return NotFound(http);
            if (Refusal(failed) is { } refused) return Refused(http, actor, refused);
            if (failed.Code == "CONFLICT") return await RenderEdit(http, actor, id, typed, null, started, StatusCodes.Status409Conflict, conflict: true);
            return await RenderEdit(http, actor, id, typed, new FieldProblem(failed.Field, failed.Message), started, failed.Status);
        }
        return Results.Redirect($"{ListPath}#posting-{Uri.EscapeDataString(id)}");
    }

    /// <summary>The description as the posting's page renders it, for posting-editor.js to show while the member types.</summary>
    public async Task<IResult> Preview(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is null) return Results.Unauthorized();
        if (await AccountForms.Read(http, antiforgery) is not { } form) return Results.BadRequest();
        var description = form["description"].ToString();
        if (description.Length > PostingRules.MaxDescriptionLength) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(Markdown(description), "text/html; charset=utf-8");
    }

    private async Task<IResult> RenderList(HttpContext http, Actor actor, string? problem, int status = 200)
    {
        if (Refusal(actor, CompanyCapabilities.Postings | CompanyCapabilities.Pipeline) is { } refused) return Refused(http, actor, refused);
        var after = HttpMethods.IsGet(http.Request.Method) && http.Request.Query["after"].ToString() is { Length: > 0 } cursor ? cursor : null;
        PostingListData data;
        try
        {
            data = await queries.Run<PostingListData>(http, actor, PostingWorkspaceData.List, new { company = actor.CompanyId, after });
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED" && after is not null)
        {
            return Results.Redirect(ListPath);
        }
        var company = data.Me?.Company?.Name ?? "Your company";
        var edits = actor.CompanyFor(CompanyCapabilities.Postings) is not null;
        var postings = data.Postings.Nodes.ToList();
        var body = $"""
            {Workspace.Nav(actor, ListPath)}
            <h1>{E(company)}: postings</h1>
            {AccountForms.Problem(problem)}
            {(edits ? $"<p><a class=\"button\" href=\"{NewPath}\">Draft a posting</a></p>{PostingListView.UntilHint}"
                : "<p class=\"hint\">You see the company's postings and their boards; its owners, admins and recruiters draft and change them.</p>")}
            {(postings.Count == 0 ? Cards.Empty("No postings yet", edits ? "Draft the first one: it stays private until you publish it." : "The company has not drafted any.")
                : new PostingListView(postings, edits, Token(http)).Render())}
            {(data.Postings.PageInfo is { HasNextPage: true, EndCursor: { } end } ? $"<p><a href=\"{ListPath}?after={E(Uri.EscapeDataString(end))}\">Older postings</a></p>" : "")}
            """;
        return Layout.Result(http, new Page($"{company}: postings", "Your company's postings.", body) { Status = status, Indexable = false });
    }

    private async Task<IResult> RenderNew(HttpContext http, Actor actor, PostingFormValues values, FieldProblem? problem, int status = 200)
    {
        if (Refusal(actor, CompanyCapabilities.Postings) is { } refused) return Refused(http, actor, refused);
        var data = await queries.Run<PostingFormData>(http, actor, PostingWorkspaceData.NewForm);
        var form = new PostingFormView(NewPath, Token(http), data.Skills, values, problem, "Save the draft");
        return Show(http, actor, "Draft a posting", $"""
            <h1>Draft a posting</h1>
            <p class="lead">A draft stays inside the company until you publish it from the list of postings.</p>
            {form.Render()}
            """, status);
    }

    /// <summary>The edit form: the posting as saved, or as the member typed it against <paramref name="started"/>; after a conflict, both.</summary>
    private async Task<IResult> RenderEdit(HttpContext http, Actor actor, string id, PostingFormValues? typed, FieldProblem? problem, int? started,
        int status = 200, bool conflict = false)
    {
        if (Refusal(actor, CompanyCapabilities.Postings) is { } refused) return Refused(http, actor, refused);
        var data = await LoadForm(http, actor, id);
        if (data?.Own is not { } posting) return NotFound(http);
        if (posting.Status == "CLOSED")
            return Show(http, actor, posting.Title, $"""
                <h1>{E(posting.Title)}</h1>
                {AccountForms.Problem(problem?.Message)}
                <p>This posting is closed ({Words(posting.CloseReason)}): a closed posting cannot be revised. Reopen it from <a href="{ListPath}#posting-{E(posting.Id)}">the list of postings</a> first.</p>
                """, status);
        var values = typed ?? PostingFormValues.From(posting);
        var head = conflict
            ? new PostingConflictView(posting, values, started!.Value, data.Skills).Render()
            : $"""
              <h1>Edit: {E(posting.Title)}</h1>
              <p class="meta">{Words(posting.Status)} · version {E(posting.Version)} · <a href="{E(BoardPath(posting.Id))}">Board</a>{(posting.Status == "OPEN" ? $" · <a href=\"/postings/{E(Uri.EscapeDataString(posting.Id))}\">Public page</a>" : "")}</p>
              """;
        // After a conflict the member's text goes on from their version: saving it is a revision of the current one.
        var form = new PostingFormView(EditPath(posting.Id), Token(http), data.Skills, values, problem,
            conflict ? "Save mine on top of theirs" : "Save the changes", conflict ? posting.Version : started ?? posting.Version, posting);
        return Show(http, actor, $"Edit: {posting.Title}", head + form.Render(), status);
    }

    private async Task<PostingFormData?> LoadForm(HttpContext http, Actor actor, string id)
    {
        try
        {
            return await queries.Run<PostingFormData>(http, actor, PostingWorkspaceData.EditForm, new { id });
        }
        catch (PageQueryFailed failed) when (failed.Code == "VALIDATION_FAILED")
        {
            return null;
        }
    }

    private static IResult Show(HttpContext http, Actor actor, string title, string body, int status) =>
        Layout.Result(http, new Page(title, "Draft and revise your company's postings.", $"""
            {Workspace.Nav(actor, ListPath)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{ListPath}">Postings</a> › <span aria-current="page">{E(title)}</span></nav>
            {body}
            """) { Status = status, Indexable = false });

    /// <summary>Why a member may not open a page that needs <paramref name="needs"/>: the same capabilities the operations check.</summary>
    private static string? Refusal(Actor actor, CompanyCapabilities needs) =>
        actor.CompanyFor(needs) is not null ? null
        : actor.Role != Roles.Company || actor.CompanyId is null ? "The company workspace is for members of a company. Ask your company's owner to invite you."
        : needs.HasFlag(CompanyCapabilities.Pipeline)
            ? $"As {TeamPages.RoleWords(actor.CompanyRole ?? CompanyRole.Analyst)} of the company you do not see its postings: they are for its owners, admins, recruiters and hiring managers."
            : $"As {TeamPages.RoleWords(actor.CompanyRole ?? CompanyRole.Analyst)} of the company you see its postings but do not change them: that is for its owners, admins and recruiters.";

    private static string? Refusal(PageQueryFailed failed) => failed.Code is "FORBIDDEN" or "UNAUTHENTICATED" ? failed.Message : null;

    private static bool Gone(PageQueryFailed failed) => failed.Code == "NOT_FOUND" || failed.Field == "postingId";

    private static IResult Refused(HttpContext http, Actor actor, string why) =>
        Layout.Result(http, new Page("Postings", "Your company's postings.", $"""
            {Workspace.Nav(actor, ListPath)}
            <h1>Postings</h1>
            {AccountForms.Problem(why)}
            <p><a href="{Workspace.Path}">Back to the company workspace</a></p>
            """) { Status = StatusCodes.Status403Forbidden, Indexable = false });

    private static IResult NotFound(HttpContext http) => Layout.Result(http, Layout.NotFound("Posting"));

    private static int? Version(IFormCollection form) => int.TryParse(form["expectedVersion"], out var version) ? version : null;

    private string Token(HttpContext http) => AccountForms.TokenField(http, antiforgery);

    private sealed record Saved(PostingId Posting);

    private sealed record PostingId(string Id);
}
