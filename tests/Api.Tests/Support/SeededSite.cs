using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// The built API as its own process on a database with the whole demo (./run's world), and one headless Chromium
/// (Debian's, never a downloaded build) to look at it. Without Chromium the browser tests skip and say why.
/// </summary>
public sealed class SeededSite : IAsyncLifetime
{
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("MARKETPLACE_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private ApiProcess? _api;

    public string? SkipReason { get; private set; }
    public IBrowser Browser { get; private set; } = null!;
    public string Url => _api!.Url;

    /// <summary>Screenshots go to TestResults/browser in the checkout (ignored by git).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(ApiProcess.RepositoryRoot, "TestResults", "browser")).FullName;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Chromium is not installed at {ChromiumPath} (.ci/run installs Debian's chromium; or set MARKETPLACE_CHROMIUM).";
            return;
        }
        _api = await ApiProcess.StartAfter(["seed"]);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The network here is closed: without these Chromium waits on refused connections of its own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public void SkipWithoutBrowser() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");

    /// <summary>A fresh page (own cookies) that records console errors and every request it makes.</summary>
    public async Task<WatchedPage> Open(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        // Playwright's 30 s was met by pages that waited on two cores shared with the full suite's other classes
        // (a_recruiters_day, the dashboard's as-of replay); a page that never comes still fails, a minute later.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new WatchedPage(context, page, Url);
    }

    public async Task<GraphQLResponse> GraphQL(string query, object? variables = null, string? token = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        if (_api is not null) await _api.DisposeAsync();
    }
}

public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string origin;

    public WatchedPage(IBrowserContext context, IPage page, string origin)
    {
        _context = context;
        this.origin = origin;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") ConsoleErrors.Add(message.Text); };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
        page.Request += (_, request) => { if (!request.Url.StartsWith(origin + "/") && !request.Url.StartsWith("data:")) Outside.Add(request.Url); };
    }

    public IPage Page { get; }

    /// <summary>The page's own cookies: another tab of the same person.</summary>
    public IBrowserContext Context => _context;

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Requests that left the app.</summary>
    public List<string> Outside { get; } = [];

    public async Task<IResponse> Go(string url)
    {
        var response = await Page.GotoAsync(url);
        return response ?? throw new InvalidOperationException($"No response for {url}");
    }

    /// <summary>Signs in on the sign-in page with a demo account's password and follows it to <paramref name="returnUrl"/>.</summary>
    public async Task SignIn(string email, string returnUrl)
    {
        await Go($"{origin}/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await Page.Locator("#email").FillAsync(email);
        await Page.Locator("#password").FillAsync(Marketplace.Api.Seed.DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public Task Screenshot(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SeededSite.Artifacts, name + ".png"), FullPage = true });

    /// <summary>A screenshot of the page as it is, named; then what axe finds serious or critical on it, each saying where.</summary>
    public async Task<IEnumerable<string>> Audit(string name)
    {
        await Screenshot(name);
        var result = await Page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

[CollectionDefinition(nameof(SeededSiteCollection))]
public sealed class SeededSiteCollection : ICollectionFixture<SeededSite>;
