using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;
using static Marketplace.Api.Webhooks.WebhookPageRoutes;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// /company/webhooks: the company's endpoints with how each has been answering, and the form that adds one. Adding is
/// one createWebhookEndpoint; its signing secret goes to the new endpoint's page, shown there once.
/// </summary>
public sealed class WebhookListPage(PageQueries queries, IAntiforgery antiforgery, WebhookNotices notices)
{
    public static Workspace.Section Section => WorkspaceAccess.Section(ListPath);

    public async Task<IResult> Show(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (actor is null) return refusal!;
        return await Render(http, actor, WebhookFormValues.Blank, null, notices.Take(http, actor));
    }

    public async Task<IResult> Add(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var values = WebhookFormValues.From(form);
        try
        {
            var issued = (await queries.Run<Dictionary<string, IssuedSecret>>(http, actor, WebhookPageData.Create, new { i = values.CreateInput() }))["payload"];
            return notices.RedirectWith(http, actor, EndpointPath(issued.Endpoint.Id),
                new WebhookNotice($"The endpoint {values.Url} was added.", issued.SigningSecret));
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await Render(http, actor, values, WebhookProblem.From(failed), null);
        }
    }

    private async Task<IResult> Render(HttpContext http, Actor actor, WebhookFormValues values, WebhookProblem? problem, WebhookNotice? notice)
    {
        var data = await queries.Run<WebhookListData>(http, actor, WebhookPageData.List);
        var company = data.Me?.Company?.Name ?? "Your company";
        var body = $"""
            {Workspace.Nav(actor, ListPath)}
            <h1>{E(company)}: webhooks</h1>
            <p class="lead">Your systems hear what happens in your pipeline as it happens: each event is posted to your endpoints, signed by the Standard Webhooks specification, and tried again for a day when an endpoint does not answer.</p>
            {notice?.Render()}
            {WebhookProblem.Summary(problem)}
            <section aria-labelledby="endpoints"><h2 id="endpoints">Endpoints</h2>
            {(data.WebhookEndpoints.Count == 0 ? Cards.Empty("No endpoints yet", "Add one below: deliveries start with the next event of the types it asks for.") : Endpoints(data.WebhookEndpoints))}
            </section>
            <section aria-labelledby="add"><h2 id="add">Add an endpoint</h2>
            <form method="post" action="{ListPath}" class="webhook-form" novalidate>{AccountForms.TokenField(http, antiforgery)}
            {values.Fields(data.WebhookEventTypes, problem)}
            <div class="actions"><button type="submit">Add the endpoint</button></div>
            </form>
            </section>
            """;
        return Layout.Result(http, new Page($"{company}: webhooks", "Your company's webhook endpoints.", body)
            { Status = problem?.Status ?? 200, Indexable = false });
    }

    private static string Endpoints(IReadOnlyList<EndpointRow> endpoints) => $"""
        <div class="scroll" role="region" tabindex="0" aria-label="Endpoints"><table class="data" id="webhook-endpoints">
        <thead><tr><th scope="col">Endpoint</th><th scope="col">Event types</th><th scope="col">Status</th><th scope="col">Failing since</th><th scope="col">Last success</th></tr></thead>
        <tbody>{Join(endpoints, e => $"""
            <tr id="endpoint-{E(e.Id)}" data-status="{E(e.Status)}"><th scope="row"><a class="endpoint-url" href="{E(EndpointPath(e.Id))}">{E(e.Url)}</a>{(e.Description is { } d ? $"<br><span class=\"meta\">{E(d)}</span>" : "")}</th>
            <td>{Join(e.EventTypes, t => $"<code>{E(t)}</code> ")}</td><td>{Status(e)}</td><td>{Moment(e.FailingSince)}</td><td>{(e.LastSuccessAt is null ? "Never" : Moment(e.LastSuccessAt))}</td></tr>
            """)}</tbody>
        </table></div>
        """;

    /// <summary>Enabled, Paused, or Disabled with the platform's reason beneath.</summary>
    public static string Status(EndpointRow endpoint) =>
        Words(endpoint.Status) + (endpoint is { Status: "DISABLED", DisabledReason: { } reason } ? $"<br><span class=\"meta\">{E(reason)}</span>" : "");
}
