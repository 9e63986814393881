using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
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

    /// <summary>A pipeline page: for a member whose role has the pipeline; anyone else signs in first, or is told why not.</summary>
    public static async Task<IResult> Show(HttpContext http, string path, Renderer render) =>
        await AccountActor.FromSession(http) is not { } actor ? AccountForms.ToSignIn(path)
        : Refusal(actor) is { } refusal ? Layout.Result(http, refusal)
        : await render(actor, null, StatusCodes.Status200OK);

    /// <summary>A move posted from a pipeline page: done, then to <paramref name="done"/>; else the page again, saying why not.</summary>
    public async Task<IResult> Act(HttpContext http, string path, Func<IFormCollection, string> done, Renderer render)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(path);
        if (Refusal(actor) is { } refusal) return Layout.Result(http, refusal);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var (problem, status) = await Run(http, actor, form);
        return problem is null ? Results.Redirect(done(form)) : await render(actor, problem, status);
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

    /// <summary>
    /// Who may open the pipeline's pages: null for a member whose role has the pipeline, else a page that says why not.
    /// The GraphQL operations refuse the others anyway; this says it in words before asking them.
    /// </summary>
    public static Page? Refusal(Actor actor) => actor switch
    {
        { Role: Roles.Company } when actor.Capabilities.HasFlag(CompanyCapabilities.Pipeline) => null,
        { Role: Roles.Company } => Refused($"Your role in the company{(actor.CompanyRole is { } role ? $" ({Label(role.ToString()).ToLowerInvariant()})" : "")} " +
            "does not include the hiring pipeline. Owners, admins, recruiters and hiring managers move applications; analysts read the funnel. " +
            "Ask an owner or admin of your company if you need it."),
        _ => Refused("This page is for a company's hiring team. Sign in with the account that is a member of the company."),
    };

    public static Page Refused(string why) => new("Not open to you", "The hiring pipeline is for the company's hiring team.",
        $"<h1>The hiring pipeline is not open to you</h1><p role=\"alert\">{E(why)}</p>") { Status = StatusCodes.Status403Forbidden, Indexable = false };

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
