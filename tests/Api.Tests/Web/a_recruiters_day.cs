using Deque.AxeCore.Playwright;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// Issue 26's walk in Chromium, signed in as Northwind's demo recruiter: drafts a blind-review Microservices posting in
/// the workspace, meets a teammate's revision (both versions shown, nothing overwritten), publishes it, sees a
/// candidate's application (sent through the API, with reviewed work as evidence) arrive on the open board without a
/// reload, reads the evidence's feedback per criterion, moves the card to INTERVIEW with the keyboard only (the
/// candidate's name appears there), and records an offer; a teammate's open board follows each move live.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class a_recruiters_day(SeededSite site, AppFixture app)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task a_recruiter_posts_sees_an_application_arrive_reads_its_evidence_and_moves_it_to_an_offer_with_the_keyboard()
    {
        site.SkipWithoutBrowser();
        await using var recruiterSide = await site.Open();
        var recruiter = recruiterSide.Page;
        await recruiterSide.SignIn(DemoAccounts.Recruiter("northwind"), "/company");
        await recruiter.GetByRole(AriaRole.Heading, new() { Name = "Northwind Logistics: postings" }).WaitForAsync(Patiently);

        // Draft and publish a blind-review Microservices posting.
        var title = $"Event Platform Engineer {Guid.NewGuid().ToString("N")[..6]}";
        await recruiter.GetByRole(AriaRole.Link, new() { Name = "Draft a posting" }).ClickAsync();
        await recruiter.Locator("#title").FillAsync(title);
        await recruiter.Locator("#role").FillAsync("Platform Engineer");
        await recruiter.Locator("input[name=skills][value=microservices]").CheckAsync();
        await recruiter.Locator("#blindReview").CheckAsync();
        await recruiter.Locator("#description").FillAsync("Run the **event backbone** of our parcel network.");
        await recruiter.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
        await recruiter.WaitForURLAsync(url => url.Contains("#posting-"), new() { Timeout = 30_000 });
        var posting = recruiter.Url[(recruiter.Url.IndexOf("#posting-", StringComparison.Ordinal) + "#posting-".Length)..];

        // A revision that meets a teammate's: both versions are shown, nothing is overwritten.
        await recruiter.Locator($"#posting-{posting}").GetByRole(AriaRole.Link, new() { Name = $"Edit {title}" }).ClickAsync();
        await recruiter.GetByRole(AriaRole.Heading, new() { Name = $"Edit: {title}" }).WaitForAsync(Patiently);
        var northwind = (await site.GraphQL("query($id: ID!) { posting(id: $id) { company { id } } }", new { id = posting },
            app.Token(Roles.Admin))).Data("posting.company.id").GetString()!;
        (await site.GraphQL("mutation($i: RevisePostingInput!) { revisePosting(input: $i) { posting { version } } }",
            new { i = new { postingId = posting, title = $"{title} (team)" } }, app.Token(Roles.Company, company: Guid.Parse(northwind)))).Errors.ShouldBeEmpty();
        await recruiter.Locator("#title").FillAsync($"{title} (mine)");
        await recruiter.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();
        await recruiter.GetByRole(AriaRole.Heading, new() { Name = "Someone changed this posting meanwhile" }).WaitForAsync(Patiently);
        (await recruiter.Locator("table.compare").TextContentAsync())!.ShouldContain($"{title} (team)");
        await recruiter.GotoAsync($"{site.Url}/company/postings");
        title = $"{title} (team)";
        await recruiter.Locator($"#posting-{posting}").GetByRole(AriaRole.Button, new() { Name = $"Publish {title}" }).ClickAsync();
        await recruiter.Locator($"#posting-{posting}").GetByRole(AriaRole.Button, new() { Name = $"Close {title}" }).WaitForAsync(Patiently);
        await recruiter.Locator($"#posting-{posting}").GetByRole(AriaRole.Link, new() { Name = $"Board of {title}" }).ClickAsync();
        await recruiter.GetByRole(AriaRole.Heading, new() { Name = $"Pipeline: {title}" }).WaitForAsync(Patiently);
        await recruiter.EvaluateAsync("() => { window.samePage = true; }");

        // A teammate follows the same board.
        await using var teammateSide = await site.Open();
        var teammate = teammateSide.Page;
        await teammateSide.SignIn(DemoAccounts.Owner("northwind"), $"/company/postings/{posting}/board");
        await teammate.GetByRole(AriaRole.Heading, new() { Name = $"Pipeline: {title}" }).WaitForAsync(Patiently);
        await teammate.EvaluateAsync("() => { window.samePage = true; }");
        await Task.Delay(1000); // both boards' streams are open

        // A candidate applies through the API with reviewed work.
        var name = $"Ines Moreau {Guid.NewGuid().ToString("N")[..4]}";
        var candidateId = Guid.NewGuid();
        var candidate = app.Token(Roles.Candidate, candidateId);
        (await site.GraphQL("mutation($i: RegisterCandidateInput!) { registerCandidate(input: $i) { candidate { id } } }",
            new { i = new { displayName = name, email = $"{candidateId:N}@example.com", skills = new[] { "microservices" } } }, candidate)).Errors.ShouldBeEmpty();
        var challenge = (await site.GraphQL("{ challenges(first: 1) { edges { node { id } } } }")).Data("challenges.edges")[0].GetProperty("node").GetProperty("id").GetString();
        var work = (await site.GraphQL("mutation($i: SubmitToChallengeInput!) { submitToChallenge(input: $i) { submission { id } } }",
            new { i = new { challengeId = challenge, content = ChallengeScenarios.GoodWork } }, candidate)).Data("submitToChallenge.submission.id").GetString();
        await Eventually.Until(async () => (await site.GraphQL("query($id: ID!) { submission(id: $id) { status } }", new { id = work }, candidate)).Data("submission.status").GetString(),
            status => status == "FEEDBACK_READY");
        var application = (await site.GraphQL("mutation($i: ApplyToPostingInput!) { applyToPosting(input: $i) { application { id candidate { handle } } } }",
            new { i = new { postingId = posting, coverNote = "I ran the outbox of a parcel network.", evidence = new[] { work } } }, candidate));
        var id = application.Data("applyToPosting.application.id").GetString();
        var handle = application.Data("applyToPosting.application.candidate.handle").GetString()!;

        var card = recruiter.Locator($"#card-{id}");
        await card.WaitForAsync(Patiently);
        (await card.InnerTextAsync()).ShouldNotContain(name, customMessage: "blind review: no name before INTERVIEW");
        (await recruiter.EvaluateAsync<bool>("() => window.samePage === true")).ShouldBeTrue("the application arrived without a reload");
        await teammate.Locator($"#card-{id}").WaitForAsync(Patiently);

        // The evidence's feedback per criterion, on the application's page.
        await using (var reading = await recruiterSide.Context.NewPageAsync().ContinueWith(t => new PageCloser(t.Result)))
        {
            await reading.Page.GotoAsync($"{site.Url}/company/applications/{id}");
            await reading.Page.GetByRole(AriaRole.Heading, new() { Name = "Evidence" }).WaitForAsync(Patiently);
            (await reading.Page.Locator("[aria-label^='Feedback per criterion'] tbody tr").CountAsync()).ShouldBeGreaterThan(0, "a row per criterion of the rubric");
            (await reading.Page.Locator("section.evidence").InnerTextAsync()).ShouldContain("/ 100");
            (await reading.Page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ShouldBeEmpty();
        }

        // With the keyboard only: screening, interview (the name appears), an offer.
        foreach (var (button, stage) in new[] { ($"Move to screening: {handle}", "SCREENING"), ($"Move to interview: {handle}", "INTERVIEW"), ($"Record an offer: {name}", "OFFER") })
        {
            for (var presses = 0; presses < 80 && await Focused(recruiter) != button; presses++) await recruiter.Keyboard.PressAsync("Tab");
            (await Focused(recruiter)).ShouldBe(button, "Tab reaches the card's button");
            await recruiter.Keyboard.PressAsync("Enter");
            await recruiter.Locator($"#card-{id}[data-stage={stage}]").WaitForAsync(Patiently);
            await teammate.Locator($"#card-{id}[data-stage={stage}]").WaitForAsync(Patiently);
            if (stage == "INTERVIEW") (await recruiter.Locator($"#card-{id}").InnerTextAsync()).ShouldContain(name, customMessage: "the name appears at INTERVIEW");
        }
        (await teammate.EvaluateAsync<bool>("() => window.samePage === true")).ShouldBeTrue("the teammate's board followed without a reload");
        await recruiterSide.Screenshot("board");
        (await recruiter.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ShouldBeEmpty();
        // The conflict page answers 409, which Chromium reports as a failed resource; nothing else may fail.
        recruiterSide.ConsoleErrors.Where(e => !e.Contains("status of 409")).ShouldBeEmpty();
        teammateSide.ConsoleErrors.ShouldBeEmpty();
    }

    private static Task<string> Focused(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.textContent.trim() : ''");

    private sealed class PageCloser(IPage page) : IAsyncDisposable
    {
        public IPage Page => page;
        public async ValueTask DisposeAsync() => await page.CloseAsync();
    }
}
