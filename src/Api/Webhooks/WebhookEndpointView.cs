using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;
using static Marketplace.Api.Webhooks.WebhookPageRoutes;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// One endpoint's page: how it is answering, pausing and enabling it, its settings, its secret, a test event, replays,
/// and its delivery log. Every form posts to the page's own address with the action it asks for.
/// </summary>
public sealed record WebhookEndpointView(Actor Actor, WebhookEndpointData Data, EndpointRow Endpoint, string Token, WebhookDeliveryLog Log,
    WebhookEndpointView.Typed Sent, WebhookProblem? Problem, WebhookNotice? Notice)
{
    /// <summary>What the member typed into the page's forms, kept when one of them is refused; null settings show the endpoint's.</summary>
    public sealed record Typed(WebhookFormValues? Settings, string Overlap, string Since, bool OnlyFailed)
    {
        public static readonly Typed Nothing = new(null, "24", "", false);

        public static Typed From(IFormCollection form) => new(form["action"] == "save" ? WebhookFormValues.From(form) : null,
            form["action"] == "rotate" ? form["overlapHours"].ToString() : Nothing.Overlap, form["since"].ToString(), form["onlyFailed"] == "on");
    }

    private string Action => E(EndpointPath(Endpoint.Id));

    private string Form(string action, string content, string @class = "webhook-form") =>
        $"""<form method="post" action="{Action}" class="{@class}" novalidate>{Token}<input type="hidden" name="action" value="{action}">{content}</form>""";

    public Page Page()
    {
        var company = Data.Me?.Company?.Name ?? "Your company";
        return new Page($"{Endpoint.Url}: webhook endpoint", $"{company}'s webhook endpoint and its deliveries.", $"""
            {Workspace.Nav(Actor, ListPath)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{ListPath}">Webhooks</a> › <span aria-current="page" class="endpoint-url">{E(Endpoint.Url)}</span></nav>
            <h1 class="endpoint-url">{E(Endpoint.Url)}</h1>
            {(Endpoint.Description is { } description ? $"<p class=\"lead\">{E(description)}</p>" : "")}
            {Notice?.Render()}
            {WebhookProblem.Summary(Problem)}
            {State()}
            <section aria-labelledby="settings"><h2 id="settings">Settings</h2>
            {Form("save", $"""
                <input type="hidden" name="expectedVersion" value="{E(Endpoint.Version)}">{(Sent.Settings ?? WebhookFormValues.From(Endpoint)).Fields(Data.WebhookEventTypes, Problem)}
                <div class="actions"><button type="submit">Save the settings</button></div>
                """)}
            </section>
            <section aria-labelledby="signing"><h2 id="signing">Signing secret</h2>
            <p>Deliveries are signed with {Secrets()}. A new secret is shown once; the current one keeps signing beside it for the overlap, so that your receiver can switch without missing a delivery.</p>
            {Form("rotate", $"""
                <div class="field"><label for="overlapHours">Overlap in hours</label>{Problem?.Error("overlapHours")}
                <input id="overlapHours" name="overlapHours" value="{E(Sent.Overlap)}" inputmode="numeric" size="4"{WebhookProblem.Described(Problem, "overlapHours", "overlapHours-hint")}>
                <p class="hint" id="overlapHours-hint">From 0 (the current secret stops at once) to 168.</p></div>
                <div class="actions"><button type="submit">Rotate the secret</button></div>
                """)}
            </section>
            <section aria-labelledby="testing"><h2 id="testing">Test</h2>
            {Form("test", "<p>Sends a <code>webhook.test</code> event now, whatever the event types; it shows in the delivery log.</p><div class=\"actions\"><button type=\"submit\">Send a test event</button></div>")}
            </section>
            <section aria-labelledby="replaying"><h2 id="replaying">Replay since</h2>
            {Form("replay-since", $"""
                <p>Sends again every delivery to this endpoint since a time, each with its webhook-id, so that your receiver can tell the ones it already has.</p>
                <div class="field"><label for="since">Since (UTC)</label>{Problem?.Error("since")}
                <input type="datetime-local" id="since" name="since" value="{E(Sent.Since)}"{WebhookProblem.Described(Problem, "since")}></div>
                <div class="field check"><input type="checkbox" id="onlyFailed" name="onlyFailed"{(Sent.OnlyFailed ? " checked" : "")}><label for="onlyFailed">Only deliveries that failed</label></div>
                <div class="actions"><button type="submit">Replay the deliveries</button></div>
                """)}
            </section>
            <section aria-labelledby="deliveries"><h2 id="deliveries">Deliveries</h2>
            {Log.Render(Endpoint.Id, Endpoint.Deliveries ?? [], d => Form("replay",
                $"<input type=\"hidden\" name=\"deliveryId\" value=\"{E(d.Id)}\"><button type=\"submit\">Replay<span class=\"visually-hidden\"> {E(d.EventType)} {E(d.WebhookId)}</span></button>", "inline"))}
            </section>
            <section aria-labelledby="deleting"><h2 id="deleting">Delete</h2>
            <p><a href="{E(DeletePath(Endpoint.Id))}">Delete this endpoint</a> (you are asked to confirm).</p>
            </section>
            """) { Indexable = false };
    }

    private string State()
    {
        var (toggle, label, hint) = Endpoint.Status switch
        {
            "ENABLED" => ("pause", "Pause deliveries", "While it is paused, events are not delivered to it; replay them once it is enabled again."),
            "PAUSED" => ("enable", "Enable deliveries", "Events from now on are delivered; replay those it missed."),
            _ => ("enable", "Enable it again", "It starts afresh: fix the receiver first, then replay what it missed since it failed."),
        };
        return $"""
            <section aria-labelledby="state"><h2 id="state">Status</h2>
            <dl class="facts">
            <dt>Status</dt><dd id="endpoint-status" data-status="{E(Endpoint.Status)}">{WebhookListPage.Status(Endpoint)}</dd>
            <dt>Failing since</dt><dd>{(Endpoint.FailingSince is null ? "It answers" : Moment(Endpoint.FailingSince))}</dd>
            <dt>Last success</dt><dd>{(Endpoint.LastSuccessAt is null ? "Never" : Moment(Endpoint.LastSuccessAt))}</dd>
            <dt>Added</dt><dd>{Moment(Endpoint.CreatedAt)}</dd>
            </dl>
            {Form(toggle, $"<p class=\"hint\" id=\"toggle-hint\">{E(hint)}</p><div class=\"actions\"><button type=\"submit\" aria-describedby=\"toggle-hint\">{E(label)}</button></div>")}
            </section>
            """;
    }

    private string Secrets() => string.Join(" and ", (Endpoint.Secrets ?? []).Select(s => s.ExpiresAt is { } ends
        ? $"the previous secret ending <code>{E(s.Ending)}</code> until {Moment(ends)}"
        : $"the secret ending <code>{E(s.Ending)}</code>")) is { Length: > 0 } text ? text : "no secret";

    /// <summary>The confirmation step of deleting: a page of its own, so that no single press deletes an endpoint.</summary>
    public static Page DeleteConfirmation(Actor actor, EndpointRow endpoint, string token) =>
        new($"Delete {endpoint.Url}?", "Confirm deleting a webhook endpoint.", $"""
            {Workspace.Nav(actor, ListPath)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{ListPath}">Webhooks</a> › <a href="{E(EndpointPath(endpoint.Id))}" class="endpoint-url">{E(endpoint.Url)}</a> › <span aria-current="page">Delete</span></nav>
            <h1>Delete this endpoint?</h1>
            <p class="endpoint-url"><strong>{E(endpoint.Url)}</strong></p>
            <p>It gets no more deliveries, and those not yet made are dropped. Its signing secret stops being used. This cannot be undone; to stop deliveries for a while, pause it instead.</p>
            <form method="post" action="{E(EndpointPath(endpoint.Id))}" class="actions">{token}<input type="hidden" name="action" value="delete">
            <button type="submit">Delete the endpoint</button> <a href="{E(EndpointPath(endpoint.Id))}">Keep it</a></form>
            """) { Indexable = false };
}
