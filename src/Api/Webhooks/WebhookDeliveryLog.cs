using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// An endpoint's delivery log as its page shows it: newest first, one status or all (a GET form, so every view has an
/// address), <see cref="WebhookPageData.LogPage"/> at a time, older ones by the time the last one shown was created.
/// </summary>
public sealed record WebhookDeliveryLog(string? Status, DateTimeOffset? Before)
{
    public static readonly string[] Statuses = ["PENDING", "DELIVERED", "FAILED"];

    public static readonly WebhookDeliveryLog Newest = new(null, null);

    /// <summary>Reads the address; a status or time it does not know shows the whole log from the newest.</summary>
    public static WebhookDeliveryLog From(IQueryCollection query) => new(
        Statuses.Contains(query["status"].ToString()) ? query["status"].ToString() : null,
        DateTimeOffset.TryParse(query["before"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var before) ? before : null);

    public object Variables(string endpoint) => new { id = endpoint, status = Status, before = Before?.ToString("O", CultureInfo.InvariantCulture) };

    public string Render(string endpoint, IReadOnlyList<DeliveryRow> deliveries, Func<DeliveryRow, string> replay)
    {
        var shown = deliveries.Take(WebhookPageData.LogPage).ToList();
        var older = deliveries.Count > WebhookPageData.LogPage
            ? $"<a href=\"{E(Address(endpoint, Status, shown[^1].CreatedAt))}\">Older deliveries</a>" : null;
        var newest = Before is null ? null : $"<a href=\"{E(Address(endpoint, Status, null))}\">Newest deliveries</a>";
        return $"""
            <form method="get" action="{E(WebhookPageRoutes.EndpointPath(endpoint))}" class="filters" role="search" aria-label="Filter the deliveries">
            <div class="field"><label for="status">Status</label><select id="status" name="status"><option value="">All</option>{Join(Statuses, s =>
                $"<option value=\"{s}\"{(s == Status ? " selected" : "")}>{Words(s)}</option>")}</select></div>
            <div class="actions"><button type="submit">Show the deliveries</button></div>
            </form>
            {(shown.Count == 0 ? $"<p class=\"empty\" role=\"status\">{(Status is null ? "No deliveries yet: send a test event to see one." : $"No {Label(Status).ToLowerInvariant()} deliveries{(Before is null ? "" : " before these")}.")}</p>"
                : $"<ol class=\"deliveries\">{Join(shown, d => Delivery(d, replay(d)))}</ol>")}
            {((older ?? newest) is null ? "" : $"<p class=\"pages\">{string.Join(" · ", new[] { newest, older }.OfType<string>())}</p>")}
            """;
    }

    private static string Delivery(DeliveryRow d, string replay) => $"""
        <li class="delivery" id="delivery-{E(d.Id)}" data-status="{E(d.Status)}">
        <h3><code>{E(d.EventType)}</code> · {Words(d.Status)}</h3>
        <dl class="facts"><dt>webhook-id</dt><dd><code>{E(d.WebhookId)}</code></dd><dt>Created</dt><dd>{Moment(d.CreatedAt)}</dd>{(d.NextAttemptAt is { } next
            ? $"<dt>Next attempt</dt><dd>{Moment(next)}</dd>" : "")}</dl>
        {(d.Attempts.Count == 0 ? "<p class=\"hint\">No attempt yet.</p>" : $"""
            <table class="data attempts"><caption>Attempts</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Status code</th><th scope="col" class="num">Latency</th><th scope="col">Answer or error</th></tr></thead>
            <tbody>{Join(d.Attempts, a => $"""<tr class="{(a.Succeeded ? "succeeded" : "failed")}"><td>{Moment(a.At)}</td><td>{(a.StatusCode is { } code ? E(code) : "None")}</td><td class="num">{E(a.LatencyMilliseconds)} ms</td><td>{Answer(a)}</td></tr>""")}</tbody>
            </table>
            """)}
        {replay}
        </li>
        """;

    private static string Answer(AttemptRow a) => string.Join(" ", new[]
    {
        a.Error is { } error ? E(error) : null,
        a.Response is { } response ? $"<code>{E(response)}</code>" : null,
    }.OfType<string>()) is { Length: > 0 } text ? text : a.Succeeded ? "Accepted" : "";

    private static string Address(string endpoint, string? status, DateTimeOffset? before) =>
        QueryHelpers.AddQueryString(WebhookPageRoutes.EndpointPath(endpoint), new Dictionary<string, string?>
        {
            ["status"] = status, ["before"] = before?.ToString("O", CultureInfo.InvariantCulture),
        }.Where(p => p.Value is not null)) + "#deliveries";
}
