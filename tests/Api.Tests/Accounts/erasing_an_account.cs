using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>Erasure reaches the account: its email, password and passkeys go, and its tokens stop working.</summary>
public class erasing_an_account(AppFixture app)
{
    [Fact]
    public async Task a_candidate_who_erases_their_data_has_no_account_and_no_working_token_left()
    {
        var email = $"erase-{Guid.NewGuid():N}@example.com";
        using var browser = Browser.For(app);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);
        var token = await CodeFlow.AccessToken(browser, email);
        (await app.Host.GraphQL("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }",
            new { input = new { displayName = "Grace", email, headline = "Engineer", skills = new[] { "microservices" }, discoverable = false } }, token))
            .Data("registerCandidate.candidate.id").GetString().ShouldNotBeNull();

        (await app.Host.GraphQL("mutation($input: EraseMyDataInput!) { eraseMyData(input: $input) { erased } }", new { input = new { confirm = true } }, token))
            .Data("eraseMyData.erased").GetBoolean().ShouldBeTrue();

        using var scope = app.Host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        await Eventually.Until(() => users.FindByEmailAsync(email), account => account is null);
        (await app.Host.GraphQL("{ me { role } }", token: token)).Status.ShouldBe(401, "its tokens are revoked");
        (await browser.Submit(AccountPages.SignInPath, AccountPages.SignInPath, new Dictionary<string, string> { ["email"] = email, ["password"] = CodeFlow.Password }))
            .Status.ShouldBe(HttpStatusCode.Unauthorized, "and nobody signs in as it");
    }
}
