using System.Globalization;
using System.Text.Json;
using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Webhooks.WebhookPageRoutes;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// /company/webhooks/{id}: one endpoint's settings, secret, test event, replays and delivery log. Each form is one
/// GraphQL operation run with the session's account, then a redirect to the page, which says once what was done; what
/// the operation refuses is said at its field with the form as it was sent. Another company's endpoint is not found.
/// </summary>
public sealed class WebhookEndpointPage(PageQueries queries, IAntiforgery antiforgery, WebhookNotices notices)
{
    private const string MomentFormat = "yyyy-MM-ddTHH:mm";

    public async Task<IResult> Show(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, WebhookListPage.Section);
        if (actor is null) return refusal!;
        return await Render(http, actor, id, WebhookDeliveryLog.From(http.Request.Query), WebhookEndpointView.Typed.Nothing, null, notices.Take(http, actor));
    }

    public async Task<IResult> ConfirmDelete(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, WebhookListPage.Section);
        if (actor is null) return refusal!;
        if (await Load(http, actor, id, WebhookDeliveryLog.Newest) is not { WebhookEndpoint: { } endpoint }) return NotFound(http);
        return Layout.Result(http, WebhookEndpointView.DeleteConfirmation(actor, endpoint, Token(http)));
    }

    public async Task<IResult> Act(HttpContext http, string id)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, WebhookListPage.Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        string Field(string name) => form[name].ToString().Trim();
        (string? Document, object? Input, string? Done) step = Field("action") switch
        {
            "save" => (WebhookPageData.Update, WebhookFormValues.From(form).UpdateInput(id, int.TryParse(Field("expectedVersion"), out var v) ? v : null),
                "The settings were saved."),
            "pause" => (WebhookPageData.Update, new { endpointId = id, enabled = false }, "Deliveries are paused: events from now on are not delivered to it."),
            "enable" => (WebhookPageData.Update, new { endpointId = id, enabled = true }, "Deliveries are enabled."),
            "test" => (WebhookPageData.SendTest, new { endpointId = id }, "A test event was sent: it is in the delivery log below."),
            "replay" => (WebhookPageData.Replay, new { deliveryId = Field("deliveryId") }, "The delivery is being sent again, with the same webhook-id."),
            "rotate" => (WebhookPageData.Rotate, RotateInput(id, Field("overlapHours")), "The signing secret was rotated."),
            "replay-since" => (WebhookPageData.ReplaySince, ReplayInput(id, Field("since"), form["onlyFailed"] == "on"), null),
            "delete" => (WebhookPageData.Delete, new { endpointId = id }, "The endpoint was deleted."),
            _ => (null, null, null),
        };
        var typed = WebhookEndpointView.Typed.From(form);
        if (step.Document is null) return await Render(http, actor, id, WebhookDeliveryLog.Newest, typed, new(null, "That is not something this page can do."), null);
        if (step.Input is WebhookProblem unreadable) return await Render(http, actor, id, WebhookDeliveryLog.Newest, typed, unreadable, null);
        try
        {
            var payload = (await queries.Run<Dictionary<string, JsonElement>>(http, actor, step.Document, new { i = step.Input }))["payload"];
            if (Field("action") == "delete") return notices.RedirectWith(http, actor, ListPath, new WebhookNotice(step.Done!));
            var notice = payload.TryGetProperty("signingSecret", out var secret) ? new WebhookNotice(step.Done!, secret.GetString())
                : payload.TryGetProperty("replayed", out var replayed) ? new WebhookNotice(Replayed(replayed.GetInt32()))
                : new WebhookNotice(step.Done!);
            return notices.RedirectWith(http, actor, EndpointPath(id), notice);
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            if (failed.Code == "NOT_FOUND" || failed.Field is "endpointId" or "deliveryId") return NotFound(http);
            // After a conflict the form shows the endpoint as it is now, as the problem says.
            return await Render(http, actor, id, WebhookDeliveryLog.Newest, failed.Code == "CONFLICT" ? typed with { Settings = null } : typed,
                WebhookProblem.From(failed), null);
        }
    }

    private static object RotateInput(string id, string overlap) =>
        overlap.Length == 0 ? new { endpointId = id, overlapHours = (int?)null }
        : int.TryParse(overlap, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ? new { endpointId = id, overlapHours = (int?)hours }
        : new WebhookProblem("overlapHours", "Give the overlap as a whole number of hours, from 0 to 168.");

    /// <summary>The time is read as UTC, as the field's label says; browsers send it to the minute, some to the second.</summary>
    private static object ReplayInput(string id, string since, bool onlyFailed) =>
        DateTime.TryParseExact(since, [MomentFormat, MomentFormat + ":ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? new { endpointId = id, since = new DateTimeOffset(at, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture), onlyFailed }
            : new WebhookProblem("since", "Give the date and time to replay from, in UTC.");

    private static string Replayed(int count) => count switch
    {
        0 => "No deliveries since then: nothing was sent again.",
        1 => "1 delivery is being sent again, with its webhook-id.",
        _ => $"{count} deliveries are being sent again, each with its webhook-id.",
    };

    private async Task<IResult> Render(HttpContext http, Actor actor, string id, WebhookDeliveryLog log, WebhookEndpointView.Typed typed,
        WebhookProblem? problem, WebhookNotice? notice)
    {
        if (await Load(http, actor, id, log) is not { WebhookEndpoint: { } endpoint } data) return NotFound(http);
        var view = new WebhookEndpointView(actor, data, endpoint, Token(http), log, typed, problem, notice);
        return Layout.Result(http, view.Page() with { Status = problem?.Status ?? 200 });
    }

    private async Task<WebhookEndpointData?> Load(HttpContext http, Actor actor, string id, WebhookDeliveryLog log) =>
        await queries.Run<WebhookEndpointData>(http, actor, WebhookPageData.Endpoint, log.Variables(id));

    private static IResult NotFound(HttpContext http) => Layout.Result(http, Layout.NotFound("Webhook endpoint"));

    private string Token(HttpContext http) => AccountForms.TokenField(http, antiforgery);
}
