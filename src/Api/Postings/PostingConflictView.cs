using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Postings;

/// <summary>
/// A revision sent against a version that is no longer the posting's: their version (saved) beside the member's (typed,
/// not saved), field by field where the two differ. Nothing is overwritten until the member chooses.
/// </summary>
public sealed record PostingConflictView(WorkspacePosting Theirs, PostingFormValues Yours, int Started, IReadOnlyList<SkillChoice> Catalogue)
{
    private IEnumerable<(string Label, Func<PostingFormValues, string> Show)> Fields =>
    [
        ("Title", v => v.Title),
        ("Role", v => v.Role),
        ("Seniority", v => Label(v.Seniority)),
        ("Skills", v => string.Join(", ", v.Skills.Select(slug => Catalogue.FirstOrDefault(s => s.Slug == slug)?.Name ?? slug))),
        ("Location", v => v.Location.Length == 0 ? "None" : v.Location),
        ("Remote policy", v => Label(v.RemotePolicy)),
        ("Yearly salary", v => v.SalaryMin.Length + v.SalaryMax.Length == 0 ? "None" : $"{v.Currency} {v.SalaryMin}–{v.SalaryMax}"),
        ("Openings", v => v.Openings),
        ("Description", v => v.Description),
    ];

    public string Render()
    {
        var theirs = PostingFormValues.From(Theirs);
        var differing = Fields.Where(f => f.Show(theirs) != f.Show(Yours)).ToList();
        var comparison = differing.Count == 0
            ? "<p>Their version says what yours says: saving yours below changes nothing they wrote.</p>"
            : $"""
              <div class="scroll" role="region" tabindex="0" aria-label="Their version beside yours">
              <table class="data compare"><caption>Where their version and yours differ</caption>
              <thead><tr><th scope="col">Field</th><th scope="col">Theirs: version {E(Theirs.Version)}, saved</th><th scope="col">Yours: from version {E(Started)}, not saved</th></tr></thead>
              <tbody>{Join(differing, f => $"<tr><th scope=\"row\">{E(f.Label)}</th><td><div class=\"text\">{E(f.Show(theirs))}</div></td><td><div class=\"text\">{E(f.Show(Yours))}</div></td></tr>")}</tbody>
              </table></div>
              """;
        return $"""
            <h1>Someone changed this posting meanwhile</h1>
            <p class="problem" role="alert" id="problem">Your changes are not saved. You started from version {E(Started)}; since then someone saved version {E(Theirs.Version)}.</p>
            {comparison}
            <h2>Take theirs, or save yours on top of theirs</h2>
            <p><a class="button" href="{E(PostingWorkspace.EditPath(Theirs.Id))}">Take theirs</a> <span class="hint">opens their version; what you typed is dropped.</span></p>
            <p>Or save what you typed, below, as the next version after theirs: it replaces theirs in every field. Change it first if you want to keep some of theirs.</p>
            """;
    }
}
