using Deque.AxeCore.Playwright;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// The skill hub's promise, walked in Chromium on the demo data: from /skills/microservices, start a challenge, sign up,
/// submit, watch each criterion's feedback appear without a reload, open the leaderboard, apply to a Microservices
/// position with that work as evidence, see the application move when the company advances it (in the open page), and
/// accept the offer. The reviewer is the language-model reviewer, talking to a model server of the test that holds the
/// review until the submission's page is open, so the feedback is seen being written. The same walk passes with
/// JavaScript off, where the feedback and the moves show after a reload.
/// </summary>
public sealed class the_promise_end_to_end(AppFixture app, PromiseSite world, ITestOutputHelper output) : IClassFixture<PromiseSite>
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };
    private HeldModel model => world.Model;
    private ApiProcess? site => world.Site;
    private IBrowser browser => world.Browser;

    [Theory]
    [InlineData(true, 1280, 900)]
    [InlineData(false, 390, 844)]
    public async Task a_newcomer_practises_gets_feedback_applies_and_is_hired(bool javaScript, int width, int height)
    {
        Assert.SkipWhen(site is null, $"Chromium is not installed at {SeededSite.ChromiumPath}.");
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            { JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        var problems = new List<string>();
        // Axe and the page markers run as script in the page: with JavaScript off the same pages are audited by page_quality.
        async Task Audit(string where)
        {
            if (javaScript) problems.AddRange((await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{where}: {v.Id}: {v.Help}"));
        }
        async Task MarkThePage()
        {
            if (javaScript) await page.EvaluateAsync("() => { window.__samePage = true; }");
        }

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} hub");
        // The hub, a challenge, "Start this challenge": sign up on the way.
        await page.GotoAsync($"{site!.Url}/skills/microservices");
        await page.Locator("#open-challenges a[href^='/challenges/']").First.ClickAsync();
        var challengePath = new Uri(page.Url).AbsolutePath;
        await page.GetByRole(AriaRole.Link, new() { Name = "Start this challenge" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        var email = $"newcomer-{Guid.NewGuid():N}@example.com";
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(CodeFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" }).WaitForAsync(Patiently);
        await page.GotoAsync($"{site.Url}{MailCatcher.LinkTo(await app.Mail.Next(email, "Confirm your Marketplace account"), AccountPages.ConfirmPath)}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).Last.ClickAsync();
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(CodeFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Newcomer Okafor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        new Uri(page.Url).AbsolutePath.ShouldBe($"{challengePath}/submit", "sign-up brought the newcomer back to the challenge");

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} submit");
        // Submit; the review is held until the submission's page is open.
        model.Hold();
        await page.GetByLabel("Your answer (Markdown)").FillAsync(ChallengeScenarios.GoodWork);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for feedback" }).ClickAsync();
        await page.GetByText("Reviewing…").WaitForAsync(Patiently);
        var submission = new Uri(page.Url).AbsolutePath;
        submission.ShouldStartWith("/submissions/");
        await Audit("submission, reviewing");
        await MarkThePage();
        if (javaScript) await Task.Delay(500); // the page's stream is open (a subscriber is told the state so far in any case)
        await model.Asked(TimeSpan.FromSeconds(30));
        model.Release();
        if (!javaScript)
        {
            await Eventually.Until(async () => { await page.ReloadAsync(); return await page.Locator("#overall").CountAsync(); }, found => found == 1);
        }
        await page.Locator("#overall").WaitForAsync(Patiently);
        (await page.Locator("tr[data-criterion]").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        (await page.Locator("#standing").InnerTextAsync()).ShouldContain("Attempt 1");
        if (javaScript)
        {
            (await page.EvaluateAsync<bool>("() => window.__samePage === true")).ShouldBeTrue("the feedback appeared without a reload");
            (await page.Locator("#standing").InnerTextAsync()).ShouldContain("on the leaderboard");
        }
        await Audit("submission, reviewed");

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} leaderboard");
        // The leaderboard lists the newcomer's handle once the board has the score.
        await page.GetByRole(AriaRole.Link, new() { Name = "See the leaderboard" }).ClickAsync();
        var handle = (await GraphQL("{ me { candidate { handle } } }", token: app.Token(Roles.Candidate, await Subject(email)))).Data("me.candidate.handle").GetString()!;
        await Eventually.Until(async () => { await page.ReloadAsync(); return await page.Locator("#leaderboard ~ *").Or(page.Locator("section:has(#leaderboard)")).First.InnerTextAsync(); },
            text => text.Contains(handle));

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} apply");
        // Apply to a Microservices position with that work as evidence.
        await page.GotoAsync($"{site.Url}/skills/microservices");
        await page.Locator("#open-positions a[href^='/postings/']").First.ClickAsync();
        var posting = new Uri(page.Url).AbsolutePath["/postings/".Length..];
        await page.GetByRole(AriaRole.Link, new() { Name = "Apply" }).ClickAsync();
        await Audit("apply");
        await page.GetByLabel("Cover note (Markdown, optional)").FillAsync("I designed the **outbox** for a parcel network.");
        await page.Locator($"input[name=evidence][value='{submission["/submissions/".Length..]}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the application" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "My applications" }).WaitForAsync(Patiently);
        var card = page.Locator("article.application", new() { Has = page.Locator($"a[href='/postings/{posting}']") });
        (await card.GetAttributeAsync("data-stage")).ShouldBe("APPLIED");
        await MarkThePage();
        if (javaScript) await Task.Delay(500);

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} moves");
        // The company moves it: the open page follows (with JavaScript), or shows it on reload.
        var company = (await GraphQL("query($id: ID!) { posting(id: $id) { company { id } } }", new { id = posting })).Data("posting.company.id").GetString()!;
        var companyToken = app.Token(Roles.Company, company: Guid.Parse(company));
        var application = (await GraphQL("{ me { applications { edges { node { id posting { id } } } } } }", token: app.Token(Roles.Candidate, await Subject(email))))
            .Data("me.applications.edges").EnumerateArray().Select(e => e.GetProperty("node")).Single(n => n.GetProperty("posting").GetProperty("id").GetString() == posting)
            .GetProperty("id").GetString();
        (await GraphQL("mutation($i: AdvanceApplicationInput!) { advanceApplication(input: $i) { application { stage } } }",
            new { i = new { applicationId = application, toStage = "SCREENING" } }, companyToken)).Errors.ShouldBeEmpty();
        if (!javaScript) await page.ReloadAsync();
        await page.Locator($"article.application[data-stage='SCREENING']").WaitForAsync(Patiently);
        (await GraphQL("mutation($i: ApplicationIdInput!) { extendOffer(input: $i) { application { stage } } }",
            new { i = new { applicationId = application } }, companyToken)).Errors.ShouldBeEmpty();
        if (!javaScript) await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the offer" }).WaitForAsync(Patiently);
        if (javaScript) (await page.EvaluateAsync<bool>("() => window.__samePage === true")).ShouldBeTrue("the moves appeared without a reload");
        await Audit("my applications, offer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the offer" }).ClickAsync();
        await page.Locator("article.application[data-status='HIRED']").WaitForAsync(Patiently);

        // Playwright's screenshot waits for the fonts through script, which a page without JavaScript never runs.
        if (javaScript) await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SeededSite.Artifacts, $"promise-{(javaScript ? "live" : "no-js")}.png"), FullPage = true });
        problems.ShouldBeEmpty();
        errors.ShouldBeEmpty();
    }

    private async Task<GraphQLResponse> GraphQL(string query, object? variables = null, string? token = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{site!.Url}/graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query, variables }) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> Subject(string email)
    {
        await using var connection = new Npgsql.NpgsqlConnection(site!.ConnectionString);
        await connection.OpenAsync();
        await using var find = new Npgsql.NpgsqlCommand("""select "Id" from accounts."AspNetUsers" where "NormalizedEmail" = upper(@e)""", connection);
        find.Parameters.AddWithValue("e", email);
        return (Guid)(await find.ExecuteScalarAsync())!;
    }
}

/// <summary>The demo world on an API process whose reviewer is the test's model server, and one Chromium to walk it.</summary>
public sealed class PromiseSite : IAsyncLifetime
{
    public HeldModel Model { get; } = new();
    public ApiProcess? Site { get; private set; }
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright? playwright;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(SeededSite.ChromiumPath)) return;
        Site = await ApiProcess.StartAfter(["seed"], Model.Settings);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = SeededSite.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.CloseAsync();
            playwright.Dispose();
        }
        if (Site is not null) await Site.DisposeAsync();
        await Model.DisposeAsync();
    }
}
