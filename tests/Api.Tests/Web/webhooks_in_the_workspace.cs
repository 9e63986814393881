using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Api.Tests.Support;
using Marketplace.Api.Tests.Webhooks;
using Marketplace.Api.Webhooks;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A company's owner runs its webhook endpoints in the browser without JavaScript: adds one (its secret shown on one
/// page only), changes it, pauses and enables it, replays since a time, reads the log by status and page by page, and
/// deletes it after confirming; bad input is said at its field with the form as it was sent, and nothing is created.
/// </summary>
public class webhooks_in_the_workspace(AppFixture app)
{
    private const string List = "/company/webhooks";

    private static string Page(Guid endpoint) => $"{List}/{endpoint}";

    private static Dictionary<string, string> Fields(string url, string? eventType = "posting.closed", string description = "Our ATS") =>
        new() { ["url"] = url, ["description"] = description, ["eventTypes"] = eventType ?? "" };

    private async Task<int> Endpoints(string token) =>
        (await app.Host.GraphQL("{ webhookEndpoints { id } }", token: token)).Data("webhookEndpoints").GetArrayLength();

    [Fact]
    public async Task an_owner_adds_an_endpoint_sees_its_secret_once_changes_pauses_replays_and_deletes_it()
    {
        await using var receiver = new WebhookReceiver();
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        var empty = (await browser.Get(List)).Body;
        empty.ShouldContain("<a href=\"/company/webhooks\" aria-current=\"page\">Webhooks</a>");
        empty.ShouldContain("No endpoints yet");
        foreach (var type in WebhookScenarios.AllTypes) empty.ShouldContain($"name=\"eventTypes\" value=\"{type}\"");

        var (added, _, to) = await browser.Submit(List, List, Fields(receiver.Url));
        added.ShouldBe(HttpStatusCode.Redirect);
        var endpoint = Guid.Parse(to![$"{List}/".Length..]);
        var shown = (await browser.Get(to)).Body;
        var secret = WebUtility.HtmlDecode(Regex.Match(shown, "<code id=\"signing-secret\">(whsec_[^<]+)</code>").Groups[1].Value);
        secret.ShouldNotBeEmpty(shown);
        shown.ShouldContain("Store it now");
        var again = WebUtility.HtmlDecode((await browser.Get(to)).Body);
        again.ShouldNotContain("signing-secret", customMessage: "the secret is shown once");
        again.ShouldNotContain(secret[6..]);
        again.ShouldContain($"the secret ending <code>{secret[^4..]}</code>");
        (await browser.Get(List)).Body.ShouldContain($"<tr id=\"endpoint-{endpoint}\" data-status=\"ENABLED\">");

        receiver.Secrets.Add(secret);
        (await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string> { ["action"] = "test" })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await receiver.Delivered(r => r.Type == "webhook.test")).ShouldAllBe(r => r.Verified);
        (await browser.Get(Page(endpoint))).Body.ShouldContain("A test event was sent");

        var (saved, _, _) = await browser.Submit(Page(endpoint), Page(endpoint),
            new Dictionary<string, string> { ["action"] = "save", ["url"] = receiver.Url, ["description"] = "", ["eventTypes"] = "offer.accepted" });
        saved.ShouldBe(HttpStatusCode.Redirect);
        var state = await app.EndpointWithLog(endpoint, team.Owner.Token);
        state.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()).ShouldBe(["offer.accepted"]);
        state.GetProperty("description").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "an emptied description is removed");
        state.GetProperty("version").GetInt32().ShouldBe(2);

        (await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string> { ["action"] = "pause" })).Status.ShouldBe(HttpStatusCode.Redirect);
        var paused = (await browser.Get(Page(endpoint))).Body;
        paused.ShouldContain("data-status=\"PAUSED\">Paused</dd>");
        paused.ShouldContain("Enable deliveries</button>");
        (await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string> { ["action"] = "enable" })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Get(Page(endpoint))).Body.ShouldContain("data-status=\"ENABLED\">Enabled</dd>");

        var since = DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        (await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string> { ["action"] = "replay-since", ["since"] = since }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Get(Page(endpoint))).Body.ShouldContain("1 delivery is being sent again");
        var twice = await receiver.Delivered(r => r.Type == "webhook.test", count: 2);
        twice.Select(r => r.WebhookId).Distinct().Count().ShouldBe(1, "a replay keeps the webhook-id");
        (await browser.Get($"{Page(endpoint)}?status=FAILED")).Body.ShouldContain("No failed deliveries.");

        var confirm = (await browser.Get($"{Page(endpoint)}/delete")).Body;
        confirm.ShouldContain("<h1>Delete this endpoint?</h1>");
        (await Endpoints(team.Owner.Token)).ShouldBe(1, "opening the confirmation deletes nothing");
        var (deleted, _, back) = await browser.Submit($"{Page(endpoint)}/delete", Page(endpoint), new Dictionary<string, string>());
        deleted.ShouldBe(HttpStatusCode.Redirect);
        back.ShouldBe(List);
        (await browser.Get(List)).Body.ShouldContain("The endpoint was deleted.");
        (await Endpoints(team.Owner.Token)).ShouldBe(0);
        (await browser.Get(Page(endpoint))).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task bad_input_is_said_at_its_field_with_the_form_kept_and_changes_nothing()
    {
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        foreach (var (url, says) in new[] { ("ftp://x", "Give an http:// or https:// URL."), ("http://10.0.0.1/", "is an internal address") })
        {
            var (status, form, _) = await browser.Submit(List, List, Fields(url, description: "Kept as typed"));
            status.ShouldBe(HttpStatusCode.BadRequest, url);
            Regex.Match(form, "<p class=\"field-error\" id=\"url-error\">([^<]*)</p>").Groups[1].Value.ShouldContain(says);
            form.ShouldContain($"name=\"url\" type=\"url\" value=\"{url}\"");
            form.ShouldContain("aria-describedby=\"url-error url-hint\" aria-invalid=\"true\"");
            form.ShouldContain("<a href=\"#url\">");
            form.ShouldContain("value=\"Kept as typed\"");
            form.ShouldContain("value=\"posting.closed\" checked");
        }
        var (none, noTypes, _) = await browser.Submit(List, List, Fields("https://hooks.example.com/x", eventType: null));
        none.ShouldBe(HttpStatusCode.BadRequest);
        noTypes.ShouldContain("<p class=\"field-error\" id=\"eventTypes-error\">Pick at least one event type.</p>");
        noTypes.ShouldContain("<fieldset class=\"event-types\" id=\"eventTypes\" aria-describedby=\"eventTypes-error\">");
        noTypes.ShouldContain("value=\"https://hooks.example.com/x\"");
        (await Endpoints(team.Owner.Token)).ShouldBe(0, "nothing was created");

        var endpoint = await app.WebhookEndpointOf(team.Owner.Token);
        var before = (await app.EndpointWithLog(endpoint, team.Owner.Token)).GetRawText();
        var (badUrl, edit, _) = await browser.Submit(Page(endpoint), Page(endpoint),
            new Dictionary<string, string> { ["action"] = "save", ["url"] = "gopher://x", ["description"] = "Typed", ["eventTypes"] = "offer.declined" });
        badUrl.ShouldBe(HttpStatusCode.BadRequest);
        edit.ShouldContain("id=\"url-error\"");
        edit.ShouldContain("value=\"gopher://x\"");
        edit.ShouldContain("value=\"offer.declined\" checked");
        foreach (var (fields, field) in new (Dictionary<string, string>, string)[]
                 {
                     (new() { ["action"] = "rotate", ["overlapHours"] = "500" }, "overlapHours"),
                     (new() { ["action"] = "rotate", ["overlapHours"] = "a day" }, "overlapHours"),
                     (new() { ["action"] = "replay-since", ["since"] = "" }, "since"),
                     (new() { ["action"] = "replay-since", ["since"] = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) }, "since"),
                 })
        {
            var (status, page, _) = await browser.Submit(Page(endpoint), Page(endpoint), fields);
            status.ShouldBe(HttpStatusCode.BadRequest, $"{fields["action"]} {fields.Last().Value}");
            page.ShouldContain($"<p class=\"field-error\" id=\"{field}-error\">");
            page.ShouldContain($"<a href=\"#{field}\">");
            page.ShouldContain($"value=\"{WebUtility.HtmlEncode(fields.Last().Value)}\"", customMessage: "the value is kept");
        }
        var (stale, current, _) = await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string>
            { ["action"] = "save", ["expectedVersion"] = "7", ["url"] = "https://hooks.example.com/mine", ["eventTypes"] = "offer.declined" });
        stale.ShouldBe(HttpStatusCode.Conflict);
        current.ShouldContain("Someone on your team changed this endpoint since the page was loaded");
        current.ShouldContain("value=\"https://hooks.example.com/fresh\"", customMessage: "the endpoint as it is now");
        (await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string> { ["action"] = "drop-tables" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await app.EndpointWithLog(endpoint, team.Owner.Token)).GetRawText().ShouldBe(before, "nothing changed");
    }

    [Fact]
    public async Task hostile_input_in_every_field_and_address_gets_a_plain_answer_and_no_endpoint()
    {
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        var endpoint = await app.WebhookEndpointOf(team.Owner.Token);
        var token = Regex.Match((await browser.Get(Page(endpoint))).Body, "name=\"__form\" value=\"([^\"]+)\"").Groups[1].Value;
        (await browser.Post(Page(endpoint), new Dictionary<string, string> { ["__form"] = token, ["action"] = "test" }))
            .Status.ShouldBe(HttpStatusCode.Redirect, "the page's token opens its forms");
        var problems = new List<string>();
        void Check(string what, HttpStatusCode status, string body)
        {
            if ((int)status >= 500) problems.Add($"{what}: HTTP {(int)status}");
            if (body.Contains("   at ") || body.Contains("Exception")) problems.Add($"{what}: leaks internals");
        }
        foreach (var payload in Security.hostile_input.Payloads)
        {
            var added = await browser.Post(List, new Dictionary<string, string> { ["__form"] = token, ["url"] = payload, ["description"] = payload, ["eventTypes"] = payload });
            Check($"add '{payload[..Math.Min(20, payload.Length)]}'", added.Status, added.Body);
            foreach (var action in new[] { "save", "rotate", "replay", "replay-since", payload })
            {
                var (status, body, _) = await browser.Post(Page(endpoint), new Dictionary<string, string>
                {
                    ["__form"] = token, ["action"] = action, ["url"] = payload, ["description"] = payload, ["eventTypes"] = payload,
                    ["expectedVersion"] = payload, ["overlapHours"] = payload, ["deliveryId"] = payload, ["since"] = payload, ["onlyFailed"] = payload,
                });
                Check($"{action[..Math.Min(20, action.Length)]} '{payload[..Math.Min(20, payload.Length)]}'", status, body);
            }
            if (payload.Contains('\0')) continue;
            var log = await browser.Get($"{Page(endpoint)}?status={Uri.EscapeDataString(payload)}&before={Uri.EscapeDataString(payload)}");
            log.Status.ShouldBe(HttpStatusCode.OK, "a status or time the log does not know shows the whole log");
            Check($"log '{payload[..Math.Min(20, payload.Length)]}'", log.Status, log.Body);
        }
        problems.ShouldBeEmpty();
        (await Endpoints(team.Owner.Token)).ShouldBe(1);
        (await app.EndpointWithLog(endpoint, team.Owner.Token)).GetProperty("url").GetString().ShouldBe("https://hooks.example.com/fresh");
    }

    [Fact]
    public async Task a_disabled_endpoint_says_why_and_is_enabled_again_from_its_page()
    {
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        var endpoint = await app.WebhookEndpointOf(team.Owner.Token);
        var failing = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);
        // As the platform leaves an endpoint that failed for days (delivering_webhooks shows it getting there).
        await using (var session = app.Store.LightweightSession())
        {
            session.Store(new WebhookEndpointHealth
            {
                Id = endpoint, FailingSince = failing, LastFailureAt = failing.AddDays(5), DisabledAt = failing.AddDays(5),
                DisabledReason = "Disabled after failing since 2026-01-05 09:30:00Z without a success.",
            });
            await session.SaveChangesAsync();
        }
        var listed = (await browser.Get(List)).Body;
        listed.ShouldContain($"<tr id=\"endpoint-{endpoint}\" data-status=\"DISABLED\">");
        listed.ShouldContain("<td>Disabled<br><span class=\"meta\">Disabled after failing since 2026-01-05 09:30:00Z without a success.</span></td>");
        listed.ShouldContain("<td><time datetime=\"2026-01-05T09:30:00Z\">5 January 2026 09:30:00 UTC</time></td><td>Never</td>");
        var page = (await browser.Get(Page(endpoint))).Body;
        page.ShouldContain("Enable it again</button>");
        page.ShouldContain("fix the receiver first");

        (await browser.Submit(Page(endpoint), Page(endpoint), new Dictionary<string, string> { ["action"] = "enable" })).Status.ShouldBe(HttpStatusCode.Redirect);
        var enabled = await app.EndpointWithLog(endpoint, team.Owner.Token);
        enabled.GetProperty("status").GetString().ShouldBe("ENABLED");
        enabled.GetProperty("failingSince").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "a fresh start");
        (await browser.Get(Page(endpoint))).Body.ShouldContain("Deliveries are enabled.");
    }

    [Fact]
    public async Task the_log_shows_newest_first_a_page_at_a_time()
    {
        var team = await app.NewTeam();
        var endpoint = await app.WebhookEndpointOf(team.Owner.Token);
        for (var i = 0; i < 23; i++)
            (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", team.Owner.Token, new { endpointId = endpoint }, "delivery { id }")).Data();
        var all = (await app.EndpointWithLog(endpoint, team.Owner.Token)).GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        all.Count.ShouldBe(23);

        var first = (await team.Owner.Browser.Get(Page(endpoint))).Body;
        var shown = Regex.Matches(first, "<li class=\"delivery\" id=\"delivery-([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        shown.ShouldBe(all.Take(20));
        var older = WebUtility.HtmlDecode(Regex.Match(first, "<a href=\"([^\"]+)\">Older deliveries</a>").Groups[1].Value);
        older.ShouldStartWith($"{Page(endpoint)}?before=");
        var second = (await team.Owner.Browser.Get(older)).Body;
        Regex.Matches(second, "<li class=\"delivery\" id=\"delivery-([^\"]+)\"").Select(m => m.Groups[1].Value).ShouldBe(all.Skip(20));
        second.ShouldNotContain("Older deliveries");
        second.ShouldContain("Newest deliveries</a>");
        first.ShouldContain("<button type=\"submit\">Replay<span class=\"visually-hidden\"> webhook.test msg_");
    }
}
