using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Webhooks;

/// <summary>What an operation refused at one input field (<c>extensions.field</c>), or what the page could not read.</summary>
public sealed record WebhookProblem(string? Field, string Message, int Status = StatusCodes.Status400BadRequest)
{
    /// <summary>The inputs of the webhook pages, by the names the operations give them, with the element each problem links to.</summary>
    private static readonly Dictionary<string, string> Anchors = new()
    {
        ["url"] = "url", ["description"] = "description", ["eventTypes"] = "eventTypes", ["overlapHours"] = "overlapHours", ["since"] = "since",
    };

    public static WebhookProblem From(PageQueryFailed failed) => failed.Code == "CONFLICT"
        ? new(null, "Someone on your team changed this endpoint since the page was loaded; here it is as it is now. Make your change again.",
            StatusCodes.Status409Conflict)
        : new(failed.Field, failed.Message, failed.Status);

    public string? At(string field) => Field == field ? Message : null;

    /// <summary>The problem at the top of the page, announced, and linked to its field when it has one.</summary>
    public static string Summary(WebhookProblem? problem) => problem switch
    {
        null => "",
        { Field: { } field } when Anchors.TryGetValue(field, out var anchor) =>
            $"<div class=\"problem\" role=\"alert\" id=\"problem\"><p>Nothing was changed.</p><p><a href=\"#{anchor}\">{E(problem.Message)}</a></p></div>",
        _ => AccountForms.Problem(problem.Message),
    };

    /// <summary>The message beside the field, and the attributes that tie the field to it.</summary>
    public string Error(string field) => Field == field ? $"<p class=\"field-error\" id=\"{field}-error\">{E(Message)}</p>" : "";

    public static string Described(WebhookProblem? problem, string field, string? hint = null, bool invalid = true)
    {
        var ids = string.Join(' ', new[] { problem?.Field == field ? $"{field}-error" : null, hint }.OfType<string>());
        return (ids.Length == 0 ? "" : $" aria-describedby=\"{ids}\"") + (invalid && problem?.Field == field ? " aria-invalid=\"true\"" : "");
    }
}

/// <summary>An endpoint as its form holds it: what was typed, so that a refused form comes back as it was sent.</summary>
public sealed record WebhookFormValues(string Url, string Description, IReadOnlyList<string> EventTypes)
{
    public static readonly WebhookFormValues Blank = new("", "", []);

    public static WebhookFormValues From(IFormCollection form) => new(form["url"].ToString().Trim(), form["description"].ToString().Trim(),
        [.. form["eventTypes"].Select(t => t?.Trim() ?? "").Where(t => t.Length > 0)]);

    public static WebhookFormValues From(EndpointRow endpoint) => new(endpoint.Url, endpoint.Description ?? "", endpoint.EventTypes);

    public object CreateInput() => new { url = Url, description = Description.Length == 0 ? null : Description, eventTypes = EventTypes };

    /// <summary>An emptied description is sent as empty, which removes it; the version is the one the member started from.</summary>
    public object UpdateInput(string endpointId, int? version) =>
        new { endpointId, url = Url, description = Description, eventTypes = EventTypes, expectedVersion = version };

    /// <summary>The URL, the description and the event types; the caller adds the hidden fields and the button.</summary>
    public string Fields(IReadOnlyList<EventTypeChoice> types, WebhookProblem? problem) => $"""
        <div class="field"><label for="url">URL</label>{problem?.Error("url")}
        <input id="url" name="url" type="url" value="{E(Url)}" required maxlength="2048" spellcheck="false" autocomplete="off"{WebhookProblem.Described(problem, "url", "url-hint")}>
        <p class="hint" id="url-hint">Where deliveries are posted: https://, on an address on the internet, such as https://ats.example.com/hooks/marketplace.</p></div>
        <div class="field"><label for="description">Description (optional)</label>{problem?.Error("description")}
        <input id="description" name="description" value="{E(Description)}" maxlength="200"{WebhookProblem.Described(problem, "description")}></div>
        <fieldset class="event-types" id="eventTypes"{WebhookProblem.Described(problem, "eventTypes", invalid: false)}><legend>Event types</legend>{problem?.Error("eventTypes")}
        {Join(types, t => $"""
            <div class="field check"><input type="checkbox" id="type-{Id(t.Type)}" name="eventTypes" value="{E(t.Type)}"{(EventTypes.Contains(t.Type) ? " checked" : "")} aria-describedby="type-{Id(t.Type)}-hint">
            <span><label for="type-{Id(t.Type)}"><code>{E(t.Type)}</code></label> <span class="hint" id="type-{Id(t.Type)}-hint">{E(t.Description)}</span></span></div>
            """)}
        </fieldset>
        """;

    private static string Id(string type) => type.Replace('.', '-').Replace('_', '-');
}
