using Marketplace.Domain.Postings;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Postings;

/// <summary>
/// The form that drafts and revises a posting. A problem the operation named by its field is said at that field (the
/// input is <c>aria-invalid</c> and described by the message) and in a summary that links to it. The description's
/// preview is rendered as the posting's page renders it; posting-editor.js refreshes it while the member types.
/// </summary>
public sealed record PostingFormView(
    string Action,
    string Token,
    IReadOnlyList<SkillChoice> Catalogue,
    PostingFormValues Values,
    FieldProblem? Problem,
    string SaveLabel,
    int? Version = null,
    WorkspacePosting? Current = null)
{
    /// <summary>The fields the form has, by the names the operations give them in <c>extensions.field</c>.</summary>
    private static readonly Dictionary<string, string> Anchors = new()
    {
        ["title"] = "title", ["role"] = "role", ["seniority"] = "seniority", ["skills"] = "skills", ["location"] = "location",
        ["remotePolicy"] = "remotePolicy", ["salary"] = "salaryMin", ["salary.min"] = "salaryMin", ["salary.max"] = "salaryMax",
        ["salary.currency"] = "currency", ["openings"] = "openings", ["description"] = "description",
    };

    private string? AtField => Problem?.Field is { } named && Anchors.ContainsKey(named) ? named : null;

    public string Render()
    {
        var v = Values;
        var paths = Catalogue.SelectMany(s => s.CareerPaths).Distinct().Order();
        var keepsLocation = Current?.Location is not null;
        var keepsSalary = Current?.Salary is not null;
        return $"""
            {Summary()}
            <form method="post" action="{E(Action)}" class="posting-form" novalidate>{Token}
            <input type="hidden" name="idempotencyKey" value="{Guid.NewGuid()}">
            {(Version is { } version ? $"<input type=\"hidden\" name=\"expectedVersion\" value=\"{E(version)}\">" : "")}
            <div class="field"><label for="title">Title</label>{Error("title")}
            <input id="title" name="title" value="{E(v.Title)}" required minlength="3" maxlength="140"{Described("title")}></div>
            <div class="field"><label for="role">Role</label>{Error("role")}
            <input id="role" name="role" value="{E(v.Role)}" list="career-paths" required maxlength="80"{Described("role", "role-hint")}>
            <p class="hint" id="role-hint">The career path, such as Senior Backend Engineer or Platform Engineer.</p>
            <datalist id="career-paths">{Join(paths, p => $"<option value=\"{E(p)}\"></option>")}</datalist></div>
            <div class="field"><label for="seniority">Seniority</label>{Error("seniority")}
            {Select("seniority", Enum.GetNames<Seniority>(), v.Seniority)}</div>
            <fieldset class="skills" id="skills"{Described("skills", "skills-hint")}><legend>Skills</legend>
            <p class="hint" id="skills-hint">From one to ten skills of the catalogue; candidates find the posting on these skills' pages.</p>{Error("skills")}
            {Join(Catalogue, s => $"<label><input type=\"checkbox\" name=\"skills\" value=\"{E(s.Slug)}\"{(v.Skills.Contains(s.Slug) ? " checked" : "")}> {E(s.Name)}</label>")}
            </fieldset>
            <div class="field"><label for="location">Location (optional)</label>{Error("location")}
            <input id="location" name="location" value="{E(v.Location)}" maxlength="120"{(keepsLocation ? " required" : "")}{Described("location", keepsLocation ? "location-hint" : null)}>
            {(keepsLocation ? "<p class=\"hint\" id=\"location-hint\">A location once given can be changed, not removed.</p>" : "")}</div>
            <div class="field"><label for="remotePolicy">Remote policy</label>{Error("remotePolicy")}
            {Select("remotePolicy", Enum.GetNames<RemotePolicy>(), v.RemotePolicy)}</div>
            <fieldset class="salary"{Described("salary", "salary-hint")}><legend>Yearly salary (optional)</legend>
            <p class="hint" id="salary-hint">{(keepsSalary ? "A salary range once given can be changed, not removed." : "Leave all three empty to give none.")}</p>
            {Error("salary")}{Error("salary.min")}{Error("salary.max")}{Error("salary.currency")}
            <div class="field"><label for="salaryMin">From</label><input id="salaryMin" name="salaryMin" inputmode="numeric" value="{E(v.SalaryMin)}"{(keepsSalary ? " required" : "")}{Described("salary.min", group: "salary")}></div>
            <div class="field"><label for="salaryMax">To</label><input id="salaryMax" name="salaryMax" inputmode="numeric" value="{E(v.SalaryMax)}"{(keepsSalary ? " required" : "")}{Described("salary.max", group: "salary")}></div>
            <div class="field"><label for="currency">Currency</label><input id="currency" name="currency" value="{E(v.Currency)}" maxlength="3" size="4" autocapitalize="characters"{(keepsSalary ? " required" : "")}{Described("salary.currency")}></div>
            </fieldset>
            <div class="field"><label for="openings">Openings</label>{Error("openings")}
            <input id="openings" name="openings" inputmode="numeric" value="{E(v.Openings)}" required{Described("openings")}></div>
            {BlindReview()}
            <div class="field"><label for="description">Description</label>{Error("description")}
            <textarea id="description" name="description" rows="14" maxlength="{PostingRules.MaxDescriptionLength}" required data-preview="{PostingWorkspace.PreviewPath}"{Described("description", "description-hint")}>{E(v.Description)}</textarea>
            <p class="hint" id="description-hint">Markdown: **bold**, *emphasis*, lists, links and tables; at least 20 characters.</p></div>
            <section class="preview" aria-labelledby="preview-title" id="preview"><h2 id="preview-title">Preview</h2>
            <p class="hint">The description as candidates read it on the posting's page.</p>
            <div class="preview-body" id="description-preview">{Markdown(v.Description)}</div></section>
            <div class="actions"><button type="submit" name="action" value="save">{E(SaveLabel)}</button>
            <button type="submit" name="action" value="preview" formaction="{E(Action)}#preview" class="secondary" data-preview-button>Preview the description</button></div>
            </form>
            <script src="/site/posting-editor.js" defer></script>
            """;
    }

    /// <summary>Blind review is chosen when drafting: revisePosting does not change it, so a revision only says what it is.</summary>
    private string BlindReview() => Current is { } current
        ? $"<p>Blind review: <strong>{(current.BlindReview ? "on" : "off")}</strong> <span class=\"hint\">(chosen when the posting was drafted)</span></p>"
        : $"""
          <div class="field check"><input type="checkbox" id="blindReview" name="blindReview"{(Values.BlindReview ? " checked" : "")} aria-describedby="blind-hint">
          <label for="blindReview">Blind review</label></div>
          <p class="hint" id="blind-hint">Candidates' names stay hidden from the team until an interview.</p>
          """;

    /// <summary>Every problem also heads the form, linked to its field, and is announced.</summary>
    private string Summary() => Problem is not { } problem ? ""
        : AtField is { } field
            ? $"<div class=\"problem\" role=\"alert\" id=\"problem\"><p>The posting was not saved.</p><p><a href=\"#{Anchors[field]}\">{E(problem.Message)}</a></p></div>"
            : $"<p class=\"problem\" role=\"alert\" id=\"problem\">{E(problem.Message)}</p>";

    private string Error(string field) =>
        AtField == field ? $"<p class=\"field-error\" id=\"{Id(field)}\">{E(Problem!.Message)}</p>" : "";

    /// <summary>The hint and the problem that describe an input; a problem of its group (the salary range) marks it too.</summary>
    private string Described(string field, string? hint = null, string? group = null)
    {
        var problem = AtField == field || (group is not null && AtField == group) ? Id(AtField!) : null;
        var ids = string.Join(' ', new[] { problem, hint }.Where(id => id is not null));
        // A fieldset is described by its problem; the inputs in it are the ones marked invalid.
        var invalid = problem is not null && field is not ("skills" or "salary");
        return (ids.Length == 0 ? "" : $" aria-describedby=\"{ids}\"") + (invalid ? " aria-invalid=\"true\"" : "");
    }

    private static string Id(string field) => field.Replace('.', '-') + "-error";

    private string Select(string name, IEnumerable<string> values, string selected) =>
        $"<select id=\"{name}\" name=\"{name}\"{Described(name)}>{Join(values.Select(Constant), c => $"<option value=\"{c}\"{(c == selected ? " selected" : "")}>{Words(c)}</option>")}</select>";

    private static string Constant(string name) => name.ToUpperInvariant();
}
