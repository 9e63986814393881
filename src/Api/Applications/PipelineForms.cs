using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Postings;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Companies;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Applications;

/// <summary>
/// The moves a company makes on an application, from the board and from the application's page: the same small forms
/// (post, then redirect), each run as one GraphQL mutation with the version the page showed, so that a teammate's move
/// in between is refused and shown rather than overwritten.
/// </summary>
public sealed class PipelineForms(PageQueries queries, IAntiforgery antiforgery)
{
    /// <summary>Draws a pipeline page for the caller, with what went wrong with their form, if anything.</summary>
    public delegate Task<IResult> Renderer(Actor actor, string? problem, int status);

    public string Token(HttpContext http) => AccountForms.TokenField(http, antiforgery);

    /// <summary>The workspace's part the pipeline pages are: for members whose role has the pipeline.</summary>
    public static readonly Workspace.Section Section = new(PostingWorkspace.ListPath, "The hiring pipeline", CompanyCapabilities.Pipeline);

    /// <summary>A pipeline page for a member whose role has the pipeline; anyone else signs in first, or is told why not.</summary>
    public static async Task<IResult> Show(HttpContext http, Renderer render)
    {
        var (member, refusal) = await WorkspaceAccess.Enter(http, Section);
        return refusal ?? await render(member!, null, StatusCodes.Status200OK);
    }

    /// <summary>A move posted from a pipeline page: done, then to <paramref name="done"/>; else the page again, saying why not.</summary>
    public async Task<IResult> Act(HttpContext http, Func<IFormCollection, string> done, Renderer render)
    {
        var (member, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (refusal is not null) return refusal;
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var (problem, status) = await Run(http, member!, form);
        return problem is null ? Results.Redirect(done(form)) : await render(member!, problem, status);
    }

    /// <summary>Runs the posted move: null when it was done, else what to say on the form and the status to say it with.</summary>
    private async Task<(string? Problem, int Status)> Run(HttpContext http, Actor actor, IFormCollection form)
    {
        string Field(string name) => form[name].ToString().Trim();
        var (action, stage, reason) = (Field("action"), Field("toStage"), Field("reason"));
        if (action == "move" && !PipelineData.Stages.Contains(stage))
            return ("Choose the stage to move the application to: screening, interview or offer.", 400);
        if (action == "reject" && !PipelineData.RejectionReasons.Contains(reason))
            return ("Choose why the application is rejected: one of the reasons in the list.", 400);
        var common = new Dictionary<string, object?>
        {
            ["applicationId"] = Field("applicationId"),
            ["note"] = Field("note") is { Length: > 0 } note ? note : null,
            ["expectedVersion"] = int.TryParse(Field("version"), out var version) ? version : null,
        };
        var (mutation, input) = (action, stage) switch
        {
            ("move", "OFFER") => ("extendOffer(input: $i)", "ApplicationIdInput"),
            ("move", _) => ("advanceApplication(input: $i)", "AdvanceApplicationInput"),
            ("reject", _) => ("rejectApplication(input: $i)", "RejectApplicationInput"),
            _ => (null, null),
        };
        if (mutation is null) return ("That is not something this page can do.", 400);
        if (input == "AdvanceApplicationInput") common["toStage"] = stage;
        if (input == "RejectApplicationInput") common["reason"] = reason;
        try
        {
            await queries.Run<Dictionary<string, object?>>(http, actor, $"mutation($i: {input}!) {{ {mutation} {{ application {{ id }} }} }}", new { i = common });
            return (null, 200);
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return failed.Code == "CONFLICT"
                ? ("Someone on your team changed this application since the page was loaded; here it is as it is now.", 409)
                : (failed.Message, failed.Status);
        }
    }

    /// <summary>
    /// A move forward to <paramref name="stage"/> (a button whose name says whom it moves), or with a choice of the later
    /// stages and a note.
    /// </summary>
    public string Move(HttpContext http, string action, string application, int version, string? stage, string label, string? whom = null, string current = "") =>
        $"""
        <form class="move" method="post" action="{E(action)}">{Token(http)}{Hidden(application, version)}<input type="hidden" name="action" value="move">
        {(stage is null ? Later(application, current) : $"<input type=\"hidden\" name=\"toStage\" value=\"{E(stage)}\">")}
        <button type="submit">{E(label)}{(whom is null ? "" : $"<span class=\"visually-hidden\">: {E(whom)}</span>")}</button>
        </form>
        """;

    /// <summary>A rejection with a reason from the catalogue and an optional note for the team.</summary>
    public string Reject(HttpContext http, string action, string application, int version) =>
        $"""
        <form class="reject" method="post" action="{E(action)}">{Token(http)}{Hidden(application, version)}<input type="hidden" name="action" value="reject">
        <label for="reason-{E(application)}">Reason</label>
        <select id="reason-{E(application)}" name="reason" required><option value="">Choose a reason</option>{Join(PipelineData.RejectionReasons, r => $"<option value=\"{r}\">{Words(r)}</option>")}</select>
        {Note($"reject-note-{application}")}
        <button type="submit">Reject</button>
        </form>
        """;

    private static string Hidden(string application, int version) =>
        $"<input type=\"hidden\" name=\"applicationId\" value=\"{E(application)}\"><input type=\"hidden\" name=\"version\" value=\"{E(version)}\">";

    private static string Later(string application, string current)
    {
        var later = PipelineData.Stages.SkipWhile(s => s != current).Skip(1).TakeWhile(s => s != "HIRED");
        return $"""
            <label for="stage-{E(application)}">Move to</label>
            <select id="stage-{E(application)}" name="toStage">{Join(later, s => $"<option value=\"{s}\">{Words(s)}</option>")}</select>
            {Note($"move-note-{application}")}
            """;
    }

    private static string Note(string id) =>
        $"<label for=\"{E(id)}\">Note for your team (optional)</label><textarea id=\"{E(id)}\" name=\"note\" rows=\"2\" maxlength=\"{ApplicationRules.MaxNote}\"></textarea>";
}
