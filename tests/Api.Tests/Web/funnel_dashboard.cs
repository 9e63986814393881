using Marketplace.Api.Analytics;
using Marketplace.Api.Tests.Analytics;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

[Collection(nameof(SeededSiteCollection))]
public class funnel_dashboard(SeededSite site, AppFixture app)
{
    private const string Funnel = """
        query($filter: FunnelFilter!) { hiringFunnel(filter: $filter) { groups { key applications suppressed stages { stage reached } } } }
        """;

    [Fact]
    public async Task an_analyst_signs_in_with_the_keyboard_sees_the_seeded_funnel_and_replays_it_as_of_a_past_moment()
    {
        site.SkipWithoutBrowser();
        var token = app.Token("analyst");
        await using var watched = await site.Open();
        var page = watched.Page;
        await watched.Go($"{site.Url}/analytics");

        // Keyboard only: from the dashboard's link to the sign-in form, the demo analyst's email and password, Enter.
        await TabTo(page, "A", "Sign in with your account");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#email").WaitForAsync();
        await TabTo(page, "INPUT", null, "email");
        await page.Keyboard.InsertTextAsync(DemoAccounts.Analyst);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.InsertTextAsync(DemoAccounts.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#funnel-chart").WaitForAsync();
        page.Url.ShouldBe($"{site.Url}/analytics", "back where the sign-in started");

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "marketplace_session");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Lax);

        var from = await page.Locator("#from").InputValueAsync();
        var to = await page.Locator("#to").InputValueAsync();
        // The site is shared with the collection's other classes, whose applications the funnel may still be taking in
        // (it is as fresh as its projection): the chart is compared with answers read either side of a fresh drawing.
        var now = await DrawnBetween(page, () => Answer(token, from, to, null));
        now["APPLIED"].ShouldBeGreaterThan(100, "six months of demo history");
        await watched.Screenshot("dashboard");

        var asOf = DateTime.Parse(from).AddDays((DateTime.Parse(to) - DateTime.Parse(from)).TotalDays / 2).AddHours(12);
        await page.Locator("#asOf").FillAsync(asOf.ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the funnel" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("asOf="));
        var then = await Drawn(page);
        then.ShouldBe(await Answer(token, from, to, asOf), "replayed: only what had happened by then");
        then["APPLIED"].ShouldBeLessThan(now["APPLIED"], "fewer applications had been submitted by then");
        (await page.Locator("#period").InnerTextAsync()).ShouldContain($"as of {asOf:d MMMM yyyy HH:mm} UTC");
        await watched.Screenshot("dashboard-as-of");

        watched.ConsoleErrors.ShouldBeEmpty();
        watched.Outside.ShouldBeEmpty();
    }

    [Fact]
    public async Task small_groups_of_a_breakdown_are_shown_as_suppressed()
    {
        site.SkipWithoutBrowser();
        var token = app.Token("admin");
        await using var watched = await site.Open();
        await SignIn(watched, DemoAccounts.Admin);
        await watched.Page.Locator("#funnel-chart").WaitForAsync();
        var page = watched.Page;
        // The demo's weeks hold about ten applications each, so whether the default window's first week is small
        // depends on the time of day the history was written. The window is chosen from the history instead: a
        // Sunday with one to four applications (a week of its own), then the whole week after it with five or more.
        var days = await ApplicationsPerDay(await page.Locator("#from").InputValueAsync(), await page.Locator("#to").InputValueAsync(), token);
        int Week(DateOnly sunday) => Enumerable.Range(1, 7).Sum(d => days.GetValueOrDefault(sunday.AddDays(d)));
        var small = days.Keys.Order().First(day => day.DayOfWeek == DayOfWeek.Sunday && days[day] is > 0 and < FunnelCalculator.MinimumGroupSize
            && Week(day) >= FunnelCalculator.MinimumGroupSize);
        var (from, to) = (small.ToString("yyyy-MM-dd"), small.AddDays(8).ToString("yyyy-MM-dd"));
        await page.Locator("#from").FillAsync(from);
        await page.Locator("#to").FillAsync(to);
        await page.Locator("#groupBy").SelectOptionAsync("WEEK");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the funnel" }).ClickAsync();
        await page.Locator("#breakdown").WaitForAsync();

        var groups = (await site.GraphQL(Funnel, new { filter = new { from = $"{from}T00:00:00Z", to = $"{to}T00:00:00Z", groupBy = "WEEK" } }, token))
            .Data("hiringFunnel.groups").EnumerateArray().ToList();
        groups.ShouldContain(g => g.GetProperty("suppressed").GetBoolean(), "the Sunday's week is small");
        groups.ShouldContain(g => !g.GetProperty("suppressed").GetBoolean());
        foreach (var group in groups)
        {
            var row = page.Locator($"#breakdown tr[data-group='{group.GetProperty("key").GetString()}']");
            var suppressed = group.GetProperty("suppressed").GetBoolean();
            (await row.GetAttributeAsync("class") == "suppressed").ShouldBe(suppressed);
            (await row.InnerTextAsync()).Contains("withheld").ShouldBe(suppressed);
        }
        await watched.Screenshot("dashboard-by-week");

        // "Download CSV" downloads this breakdown: hiringFunnel's answer to the same filter, line for line.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        download.SuggestedFilename.ShouldStartWith($"hiring-funnel_{small:yyyyMMdd}T000000Z_{small.AddDays(8):yyyyMMdd}T000000Z_by-week_as-of-");
        var file = FunnelDownloads.Lines(await File.ReadAllTextAsync((await download.PathAsync())!));
        var answer = (await site.GraphQL(hiring_funnel.Query, new { filter = new { from = $"{from}T00:00:00Z", to = $"{to}T00:00:00Z", groupBy = "WEEK", completedOnly = false } }, token))
            .Data("hiringFunnel");
        file.ShouldBe(FunnelDownloads.Lines(answer));
        file.ShouldContain(l => l.Suppressed && l.MedianHoursInStage == null);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/analytics"));
        await watched.Go($"{site.Url}/analytics");
        (await page.Locator("#funnel-chart").CountAsync()).ShouldBe(0, "signed out");
    }

    [Fact]
    public async Task a_wrong_password_opens_nothing_and_a_company_owner_sees_only_the_company_s_own_funnel()
    {
        site.SkipWithoutBrowser();
        await using var watched = await site.Open();
        await SignIn(watched, DemoAccounts.Analyst, "not the password at all");
        (await watched.Page.Locator("#problem").InnerTextAsync()).ShouldContain("do not match");
        await watched.Go($"{site.Url}/analytics");
        (await watched.Page.Locator("#funnel-chart").CountAsync()).ShouldBe(0);

        await SignIn(watched, DemoAccounts.Owner("northwind"));
        await watched.Page.Locator("#funnel-chart").WaitForAsync();
        var companies = await watched.Page.Locator("#company option").AllInnerTextsAsync();
        companies.ShouldBe(["Northwind Logistics"], "a company's owner reads its own funnel only");
    }

    private async Task SignIn(WatchedPage watched, string email, string password = DemoAccounts.Password)
    {
        await watched.Go($"{site.Url}/account/sign-in?returnUrl=%2Fanalytics");
        await watched.Page.Locator("#email").FillAsync(email);
        await watched.Page.Locator("#password").FillAsync(password);
        // Waiting for the answer to the form, not for a load state the old page may already report; the locators the
        // tests use next wait for the new page's elements.
        await watched.Page.RunAndWaitForResponseAsync(() => watched.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync(),
            response => response.Url.Contains("/account/sign-in") && response.Request.Method == "POST");
    }

    /// <summary>Presses Tab until the focused element is the one described.</summary>
    private static async Task TabTo(IPage page, string tag, string? text, string? id = null)
    {
        for (var i = 0; i < 40; i++)
        {
            var focused = await page.EvaluateAsync<string[]>("[document.activeElement.tagName, document.activeElement.textContent.trim(), document.activeElement.id]");
            if (focused[0] == tag && (text is null || focused[1] == text) && (id is null || focused[2] == id)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        throw new InvalidOperationException($"Tab never reached {tag} {text ?? id}");
    }

    /// <summary>
    /// The chart as drawn, checked against what <paramref name="answer"/> says just before and just after the page is
    /// drawn again; while the two answers differ (the funnel moved meanwhile), it is drawn again.
    /// </summary>
    private static async Task<Dictionary<string, int>> DrawnBetween(IPage page, Func<Task<Dictionary<string, int>>> answer)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = await answer();
            await page.ReloadAsync();
            await page.Locator("#funnel-chart").WaitForAsync();
            var drawn = await Drawn(page);
            var after = await answer();
            if (!before.OrderBy(s => s.Key).SequenceEqual(after.OrderBy(s => s.Key)) && attempt < 10) continue;
            drawn.ShouldBe(after, "the chart draws what hiringFunnel answers");
            return drawn;
        }
    }

    private static async Task<Dictionary<string, int>> Drawn(IPage page)
    {
        var stages = page.Locator("#funnel-chart g.stage");
        var drawn = new Dictionary<string, int>();
        for (var i = 0; i < await stages.CountAsync(); i++)
            drawn[(await stages.Nth(i).GetAttributeAsync("data-stage"))!] = int.Parse((await stages.Nth(i).GetAttributeAsync("data-reached"))!);
        return drawn;
    }

    private async Task<Dictionary<string, int>> Answer(string token, string from, string to, DateTime? asOf) =>
        (await site.GraphQL(Funnel, new
            {
                filter = new { from = $"{from}T00:00:00Z", to = $"{to}T00:00:00Z", asOf = asOf is { } at ? $"{at:yyyy-MM-ddTHH:mm}:00Z" : null, completedOnly = false },
            }, token))
            .Data("hiringFunnel.groups").EnumerateArray().Single().GetProperty("stages").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("reached").GetInt32());

    /// <summary>Applications submitted per day in the window, as the API counts them.</summary>
    private async Task<Dictionary<DateOnly, int>> ApplicationsPerDay(string from, string to, string token) =>
        (await site.GraphQL(Funnel, new { filter = new { from = $"{from}T00:00:00Z", to = $"{to}T00:00:00Z", groupBy = "DAY" } }, token))
            .Data("hiringFunnel.groups").EnumerateArray()
            .ToDictionary(g => DateOnly.ParseExact(g.GetProperty("key").GetString()!, "yyyy-MM-dd"), g => g.GetProperty("applications").GetInt32());
}
