using Deque.AxeCore.Playwright;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// In Chromium, on the demo: Fabrikam's owner moves a new application to screening on the pipeline board with the
/// keyboard alone (Tab to the card's button, Enter), and keeps focus on the card; Fabrikam's recruiter, with the same
/// board open in a browser of their own, sees the card move without reloading, and hears it announced. Both pipeline
/// pages pass axe (no serious or critical violation) at 1280 and 390 px.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class pipeline_board_in_the_browser(SeededSite site, AppFixture app)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task a_card_moved_with_the_keyboard_moves_on_a_teammates_open_board()
    {
        site.SkipWithoutBrowser();
        var (board, application, name) = await NewApplicationToFabrikam();

        await using var recruiterSide = await SignedIn(DemoAccounts.Recruiter("fabrikam"), board, followsLive: true);
        var recruiter = recruiterSide.Page;
        await recruiter.EvaluateAsync("() => { window.samePage = true; }");
        await using var ownerSide = await SignedIn(DemoAccounts.Owner("fabrikam"), board);
        var owner = ownerSide.Page;

        var move = $"Move to screening: {name}";
        for (var presses = 0; presses < 60 && await Focused(owner) != move; presses++) await owner.Keyboard.PressAsync("Tab");
        (await Focused(owner)).ShouldBe(move, "Tab reaches the card's button");
        await owner.Keyboard.PressAsync("Enter");
        await owner.Locator($"#card-{application}[data-stage=SCREENING]").WaitForAsync(Patiently);
        await owner.WaitForFunctionAsync("name => document.activeElement && document.activeElement.textContent.trim() === name",
            $"Move to interview: {name}", new() { Timeout = 10_000 });

        await recruiter.Locator($"#card-{application}[data-stage=SCREENING]").WaitForAsync(Patiently);
        (await recruiter.EvaluateAsync<bool>("() => window.samePage === true")).ShouldBeTrue("the teammate's board moved the card without a reload");
        await recruiter.WaitForFunctionAsync("() => document.getElementById('board-announcement').textContent.includes('moved to screening')",
            null, new() { Timeout = 10_000 });

        var problems = new List<string>();
        problems.AddRange(await Audit(ownerSide, "board", board));
        problems.AddRange(await Audit(ownerSide, "application", $"/company/applications/{application}"));
        await using (var phone = await SignedIn(DemoAccounts.Owner("fabrikam"), board, width: 390))
        {
            problems.AddRange(await Audit(phone, "board", board));
            problems.AddRange(await Audit(phone, "application", $"/company/applications/{application}"));
            phone.ConsoleErrors.ShouldBeEmpty();
        }
        problems.ShouldBeEmpty();
        ownerSide.ConsoleErrors.ShouldBeEmpty();
        recruiterSide.ConsoleErrors.ShouldBeEmpty();
        ownerSide.Outside.ShouldBeEmpty();
    }

    /// <summary>A posting of Fabrikam's of its own (so the board holds one card), and a candidate's application to it.</summary>
    private async Task<(string Board, string Application, string Name)> NewApplicationToFabrikam()
    {
        var fabrikam = (await site.GraphQL("{ postings(first: 100) { edges { node { company { id slug } } } } }")).Data("postings.edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("company")).First(c => c.GetProperty("slug").GetString() == "fabrikam").GetProperty("id").GetGuid();
        var company = app.Token(Roles.Company, company: fabrikam);
        var posting = (await site.GraphQL("mutation($input: DraftPostingInput!) { draftPosting(input: $input) { posting { id } } }",
            new { input = ApplicationScenarios.Opening() }, company)).Data("draftPosting.posting.id").GetString()!;
        (await site.GraphQL("mutation($input: PublishPostingInput!) { publishPosting(input: $input) { posting { id } } }",
            new { input = new { postingId = posting } }, company)).Errors.ShouldBeEmpty();
        var name = $"Kim {Guid.NewGuid().ToString("N")[..6]}";
        var candidate = app.Token(Roles.Candidate, Guid.NewGuid());
        (await site.GraphQL("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }",
            new { input = new { displayName = name, email = $"{Guid.NewGuid():N}@example.com" } }, candidate)).Errors.ShouldBeEmpty();
        var application = (await site.GraphQL("mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }",
            new { input = new { postingId = posting, coverNote = "I have **split** two monoliths." } }, candidate)).Data("applyToPosting.application.id").GetString()!;
        return ($"/company/postings/{posting}/board", application, name);
    }

    /// <summary>Signs in on the sign-in page and lands on <paramref name="then"/>; with its live stream open, when asked.</summary>
    private async Task<WatchedPage> SignedIn(string email, string then, int width = 1280, bool followsLive = false)
    {
        var side = await site.Open(width, width < 600 ? 844 : 900);
        var page = side.Page;
        await side.Go($"{site.Url}{AccountPages.SignInPath}?returnUrl={Uri.EscapeDataString(then)}");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(DemoAccounts.Password);
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });
        if (followsLive) await page.RunAndWaitForResponseAsync(() => signIn.ClickAsync(), r => r.Url.Contains("/graphql/stream"), new() { Timeout = 30_000 });
        else await signIn.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Pipeline:" }).WaitForAsync(Patiently);
        return side;
    }

    private static Task<string> Focused(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.textContent.trim() : ''");

    private async Task<IEnumerable<string>> Audit(WatchedPage side, string name, string path)
    {
        (await side.Go(site.Url + path)).Status.ShouldBe(200, path);
        var width = side.Page.ViewportSize?.Width;
        await side.Screenshot($"pipeline-{name}-{width}px");
        return (await side.Page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name} at {width}px: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}
