using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>Platform roles are the product's data, read on every request: granted and revoked by the accounts verb.</summary>
public class platform_roles(AppFixture app)
{
    [Fact]
    public async Task an_account_made_analyst_reads_the_funnel_with_its_session_and_loses_it_when_revoked()
    {
        var email = $"analyst-{Guid.NewGuid():N}@example.com";
        using var browser = Browser.For(app);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);
        var token = await CodeFlow.AccessToken(browser, email);
        var (status, body, _) = await browser.Get("/analytics");
        status.ShouldBe(HttpStatusCode.Forbidden);
        body.ShouldContain("Your account may not read the funnel");
        (await app.Host.GraphQL("{ me { role } }", token: token)).Data("me.role").GetString().ShouldBe("candidate");

        var (granted, output) = await ApiProcess.RunVerb("Development", null, "accounts", "grant", email, "analyst");
        granted.ShouldBe(0, output);
        output.ShouldContain($"{email} is now analyst.");
        (status, body, _) = await browser.Get("/analytics");
        status.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("<h1>Hiring funnel</h1>");
        (await app.Host.GraphQL("{ me { role } }", token: token)).Data("me.role").GetString().ShouldBe("analyst", "the same token, read again");

        (await ApiProcess.RunVerb("Development", null, "accounts", "revoke", email, "analyst")).ExitCode.ShouldBe(0);
        (await browser.Get("/analytics")).Status.ShouldBe(HttpStatusCode.Forbidden, "at once, not when a token expires");
        (await app.Host.GraphQL("{ me { role } }", token: token)).Data("me.role").GetString().ShouldBe("candidate");
    }

    [Theory]
    [InlineData("nobody-here@example.com", "analyst", "No account has the email nobody-here@example.com: sign up first.")]
    [InlineData("nobody-here@example.com", "superuser", "usage: accounts grant|revoke <email> admin|analyst")]
    public async Task the_verb_refuses_what_it_cannot_do(string email, string role, string message)
    {
        var (code, output) = await ApiProcess.RunVerb("Development", null, "accounts", "grant", email, role);
        code.ShouldNotBe(0);
        output.ShouldContain(message);
    }
}
