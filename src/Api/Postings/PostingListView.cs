using System.Globalization;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Postings;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Postings;

/// <summary>
/// The company's postings in every state: status, applications per stage, expiry, the posting's board, and for members
/// who run postings the way to edit, publish, close (with a reason) and reopen each, one small form per operation.
/// </summary>
public sealed record PostingListView(IReadOnlyList<WorkspacePosting> Postings, bool Edits, string Token)
{
    /// <summary>The reasons closePosting offers a member; EXPIRED is the platform's, at the expiry date.</summary>
    private static readonly string[] Reasons = Enum.GetNames<CloseReason>().Where(r => r != nameof(CloseReason.Expired)).Select(r => r.ToUpperInvariant()).ToArray();

    private static readonly string[] ActiveStages = Enum.GetNames<Stage>().Where(s => s != nameof(Stage.Hired)).Select(s => s.ToUpperInvariant()).ToArray();

    public string Render() => $"""<ul class="workspace-postings">{Join(Postings, Card)}</ul>""";

    private string Card(WorkspacePosting p) => $"""
        <li class="card" id="posting-{E(p.Id)}" data-status="{E(p.Status)}">
        <h2>{E(p.Title)}</h2>
        <p class="meta"><span class="status">{Words(p.Status)}</span> · {E(p.Role)} · {Words(p.Seniority)} · version {E(p.Version)}</p>
        <dl class="facts">
        <dt>Open</dt><dd>{Expiry(p)}</dd>
        <dt>Applications</dt><dd>{Pipeline(p.Pipeline)}</dd>
        </dl>
        <p class="links"><a href="{E(PostingWorkspace.BoardPath(p.Id))}">Board<span class="visually-hidden"> of {E(p.Title)}</span></a>{(Edits ? $"""
         · <a href="{E(PostingWorkspace.EditPath(p.Id))}">Edit<span class="visually-hidden"> {E(p.Title)}</span></a>
        """ : "")}{(p.Status == "OPEN" ? $" · <a href=\"/postings/{E(Uri.EscapeDataString(p.Id))}\">Public page<span class=\"visually-hidden\"> of {E(p.Title)}</span></a>" : "")}</p>
        {(Edits ? Lifecycle(p) : "")}
        </li>
        """;

    private static string Expiry(WorkspacePosting p) => p.Status switch
    {
        "DRAFT" => "Not published yet",
        "OPEN" => $"Until {Day(p.ExpiresOn)}",
        _ => $"Closed as {E(Label(p.CloseReason).ToLowerInvariant())}",
    };

    /// <summary>Active applications at each stage, then the ended ones by how they ended; null when the member may not count them.</summary>
    private static string Pipeline(IReadOnlyList<WorkspaceCount>? counts)
    {
        if (counts is null) return "Not shown to your role";
        if (counts.Count == 0) return "None yet";
        var active = ActiveStages.Select(stage => (Label: stage, Count: counts.Where(c => c.Status == "ACTIVE" && c.Stage == stage).Sum(c => c.Count)));
        var ended = counts.Where(c => c.Status != "ACTIVE").GroupBy(c => c.Status).Select(g => (Label: g.Key, Count: g.Sum(c => c.Count)));
        return $"""<ul class="pipeline">{Join(active.Concat(ended), c => $"<li><strong>{E(c.Count)}</strong> {Words(c.Label)}</li>")}</ul>""";
    }

    private string Lifecycle(WorkspacePosting p) => p.Status switch
    {
        "DRAFT" => Form(p, "publish", Until(p, "publish"), "Publish") + Form(p, "close", "<input type=\"hidden\" name=\"reason\" value=\"CANCELLED\">", "Cancel the draft", "secondary"),
        "OPEN" => Form(p, "close", $"""
            <label for="reason-{E(p.Id)}">Reason</label><select id="reason-{E(p.Id)}" name="reason">{Join(Reasons, r => $"<option value=\"{r}\">{Words(r)}</option>")}</select>
            """, "Close"),
        _ => Form(p, "reopen", Until(p, "reopen"), "Reopen"),
    };

    private static string Until(WorkspacePosting p, string action) =>
        $"""<label for="{action}-until-{E(p.Id)}">Open until (optional)</label><input type="date" id="{action}-until-{E(p.Id)}" name="expiresOn" aria-describedby="until-hint">""";

    private string Form(WorkspacePosting p, string action, string fields, string button, string? style = null) => $"""
        <form method="post" action="{E(PostingWorkspace.LifecyclePath(p.Id))}" class="inline lifecycle">{Token}
        <input type="hidden" name="action" value="{action}"><input type="hidden" name="expectedVersion" value="{E(p.Version)}">
        {fields}<button type="submit"{(style is null ? "" : $" class=\"{style}\"")}>{E(button)}<span class="visually-hidden"> {E(p.Title)}</span></button></form>
        """;

    /// <summary>Said once for every date field: an empty one means the default.</summary>
    public static string UntilHint =>
        $"""<p class="hint" id="until-hint">Without a date a posting stays open {PostingRules.DefaultLifetimeDays} days; it closes itself as expired after its last day.</p>""";

    private static string Day(DateOnly? day) => day?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "";
}
