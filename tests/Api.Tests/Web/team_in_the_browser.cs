using Deque.AxeCore.Playwright;
using Marketplace.Api.Accounts;
using Marketplace.Api.Seed;
using Marketplace.Api.Tests.Support;
using Microsoft.Playwright;
using Shouldly;
using System.Text.Json;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// In Chromium: a company's owner invites a recruiter from the team page; the recruiter follows the mailed link, signs
/// up with the invited address, confirms it, signs in, accepts, and moves an application with a token the code flow
/// gives; the owner removes them, and the recruiter's next request with the same token is FORBIDDEN.
/// </summary>
[Collection(nameof(SeededSiteCollection))]
public class team_in_the_browser(SeededSite site, AppFixture app)
{
    private static readonly LocatorWaitForOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task an_owner_invites_a_recruiter_who_signs_up_through_the_invitation_moves_an_application_and_loses_access_when_removed()
    {
        site.SkipWithoutBrowser();
        var recruiterEmail = $"recruiter-{Guid.NewGuid():N}@example.com";

        await using var ownerSide = await site.Open();
        var owner = ownerSide.Page;
        await ownerSide.Go($"{site.Url}{AccountPages.SignInPath}?returnUrl=%2Fcompany%2Fteam");
        await owner.Locator("#email").FillAsync(DemoAccounts.Owner("fabrikam"));
        await owner.Locator("#password").FillAsync(DemoAccounts.Password);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await owner.GetByRole(AriaRole.Heading, new() { Name = "Fabrikam Health: team" }).WaitForAsync(Patiently);
        await owner.GetByLabel("Email", new() { Exact = true }).FillAsync(recruiterEmail);
        await owner.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("RECRUITER");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await owner.GetByRole(AriaRole.Cell, new() { Name = recruiterEmail, Exact = true }).WaitForAsync(Patiently);
        (await owner.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
        await ownerSide.Screenshot("team");

        var invitation = MailCatcher.LinkTo(await app.Mail.Next(recruiterEmail, "You are invited to join Fabrikam Health"), "/company/join/");
        await using var recruiterSide = await site.Open();
        var recruiter = recruiterSide.Page;
        await recruiterSide.Go($"{site.Url}{invitation}");
        await recruiter.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await recruiter.GetByLabel("Email").FillAsync(recruiterEmail);
        await recruiter.GetByLabel("Password").FillAsync(CodeFlow.Password);
        await recruiter.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await recruiter.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" }).WaitForAsync(Patiently);
        var confirm = MailCatcher.LinkTo(await app.Mail.Next(recruiterEmail, "Confirm your Marketplace account"), AccountPages.ConfirmPath);
        await recruiterSide.Go($"{site.Url}{confirm}");
        await recruiter.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).Last.ClickAsync();
        await recruiter.Locator("#email").FillAsync(recruiterEmail);
        await recruiter.Locator("#password").FillAsync(CodeFlow.Password);
        await recruiter.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await recruiter.GetByRole(AriaRole.Button, new() { Name = "Join the company" }).ClickAsync();
        await recruiter.GetByText("You are recruiter of Fabrikam Health.").WaitForAsync(Patiently);
        (await recruiter.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).CountAsync()).ShouldBe(0, "a recruiter does not manage the team");

        var token = await CodeFlowToken(recruiter);
        var application = await ApplicationToFabrikam();
        (await Advance(token, application, "SCREENING")).Data("advanceApplication.application.stage").GetString().ShouldBe("SCREENING");

        await owner.ReloadAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = $"Remove {recruiterEmail}" }).ClickAsync();
        await owner.GetByRole(AriaRole.Heading, new() { Name = "Fabrikam Health: team" }).WaitForAsync(Patiently);
        (await owner.GetByRole(AriaRole.Cell, new() { Name = recruiterEmail, Exact = true }).CountAsync()).ShouldBe(0);
        (await Advance(token, application, "INTERVIEW")).ShouldFailWith("FORBIDDEN");
        ownerSide.ConsoleErrors.ShouldBeEmpty();
        recruiterSide.ConsoleErrors.ShouldBeEmpty();
    }

    /// <summary>What a script of the recruiter's does: authorization code with PKCE in the signed-in browser, then the token.</summary>
    private async Task<string> CodeFlowToken(IPage page)
    {
        var (verifier, challenge) = CodeFlow.Pkce();
        // The browser's own cookies, without following the redirect to the script's loopback address.
        var authorize = await page.Context.APIRequest.GetAsync($"{site.Url}/connect/authorize?client_id={Provider.ScriptsClient}&response_type=code&scope=marketplace" +
            $"&redirect_uri={Uri.EscapeDataString(Provider.ScriptsRedirect)}&code_challenge={challenge}&code_challenge_method=S256", new() { MaxRedirects = 0 });
        var location = authorize.Headers["location"];
        location.ShouldStartWith(Provider.ScriptsRedirect);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(location).Query)["code"].ToString();
        using var http = new HttpClient();
        using var answer = await http.PostAsync($"{site.Url}/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.ScriptsRedirect,
            ["client_id"] = Provider.ScriptsClient, ["code_verifier"] = verifier,
        }));
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A candidate applies through the API to one of Fabrikam's open postings.</summary>
    private async Task<string> ApplicationToFabrikam()
    {
        var posting = (await site.GraphQL("{ postings(first: 100) { edges { node { id company { slug } } } } }")).Data("postings.edges")
            .EnumerateArray().First(e => e.GetProperty("node").GetProperty("company").GetProperty("slug").GetString() == "fabrikam")
            .GetProperty("node").GetProperty("id").GetString();
        var candidate = app.Token("candidate", Guid.NewGuid());
        (await site.GraphQL("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }",
            new { input = new { displayName = "Team Test", email = $"{Guid.NewGuid():N}@example.com" } }, candidate)).Errors.ShouldBeEmpty();
        return (await site.GraphQL("mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }",
            new { input = new { postingId = posting, coverNote = "I would like to join." } }, candidate)).Data("applyToPosting.application.id").GetString()!;
    }

    private Task<GraphQLResponse> Advance(string token, string application, string stage) =>
        site.GraphQL("mutation($input: AdvanceApplicationInput!) { advanceApplication(input: $input) { application { stage } } }",
            new { input = new { applicationId = application, toStage = stage } }, token);
}
