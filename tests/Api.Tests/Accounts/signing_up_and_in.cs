using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using System.Diagnostics;
using System.Net;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>Accounts through their pages, with the mail read from a real SMTP conversation.</summary>
public class signing_up_and_in(AppFixture app)
{
    private const string GoodPassword = "correct horse battery staple";

    private static string NewEmail() => $"someone-{Guid.NewGuid():N}@example.com";

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private async Task<Browser> SignedUpAndConfirmed(string email)
    {
        var browser = Browser.For(app);
        (await browser.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, Fields(("email", email), ("password", GoodPassword))))
            .Location.ShouldBe(AccountPages.CheckInboxPath);
        var confirm = MailCatcher.LinkTo(await app.Mail.Next(email, "Confirm your Marketplace account"), AccountPages.ConfirmPath);
        (await browser.Get(confirm)).Body.ShouldContain("Your email address is confirmed");
        return browser;
    }

    private static Task<(HttpStatusCode Status, string Body, string? Location)> SignIn(Browser browser, string email, string password, string? returnUrl = null) =>
        browser.Submit(AccountPages.SignInPath + (returnUrl is null ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}"), AccountPages.SignInPath,
            Fields(("email", email), ("password", password)));

    [Fact]
    public async Task a_candidate_signs_up_confirms_by_mail_signs_in_and_out()
    {
        var email = NewEmail();
        using var browser = Browser.For(app);
        (await browser.Get(AccountPages.SignUpPath)).Body.ShouldContain("Create your account");
        (await browser.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, Fields(("email", email), ("password", GoodPassword))))
            .Location.ShouldBe(AccountPages.CheckInboxPath);

        var mail = await app.Mail.Next(email, "Confirm your Marketplace account");
        mail.From.Mailboxes.Single().Address.ShouldBe("no-reply@marketplace.localhost");
        var (refused, refusal, _) = await SignIn(browser, email, GoodPassword);
        refused.ShouldBe(HttpStatusCode.Unauthorized, "not before the email is confirmed");
        refusal.ShouldContain("confirm your email first");

        (await browser.Get(MailCatcher.LinkTo(mail, AccountPages.ConfirmPath))).Body.ShouldContain("Your email address is confirmed");
        var (status, _, location) = await SignIn(browser, email, GoodPassword, "/challenges");
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldBe("/challenges");
        (await browser.Get(AccountPages.AccountPath)).Body.ShouldContain($"Signed in as <strong>{email}</strong>");
        var header = (await browser.Get("/skills")).Body;
        header.ShouldContain($"<a class=\"account\" href=\"/account\">{email}</a>", customMessage: "every page's header says who is signed in");
        header.ShouldContain("<button type=\"submit\">Sign out</button>");

        (await browser.Submit("/skills", AccountPages.SignOutPath, Fields())).Location.ShouldBe("/skills", "signed out from the header");
        (await browser.Get(AccountPages.AccountPath)).Location.ShouldBe($"{AccountPages.SignInPath}?returnUrl=%2Faccount");
        var signedOut = (await browser.Get("/skills")).Body;
        signedOut.ShouldNotContain(email);
        signedOut.ShouldContain("<a class=\"account\" href=\"/account/sign-in\">Sign in</a>");
    }

    [Fact]
    public async Task the_session_cookie_is_http_only_same_site_and_new_at_each_sign_in()
    {
        var email = NewEmail();
        using var browser = await SignedUpAndConfirmed(email);
        var before = browser.Cookies.GetAllCookies().FirstOrDefault(c => c.Name == "marketplace_session")?.Value;
        using var response = await new HttpClient(app.Host.Server.CreateHandler()) { BaseAddress = new Uri("http://localhost") }
            .SendAsync(new HttpRequestMessage(HttpMethod.Get, AccountPages.SignInPath));
        var antiforgery = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("marketplace_antiforgery="));
        antiforgery.ShouldContain("httponly", Case.Insensitive);

        await SignIn(browser, email, GoodPassword);
        var session = browser.Cookies.GetAllCookies().Single(c => c.Name == "marketplace_session");
        session.HttpOnly.ShouldBeTrue();
        session.Value.ShouldNotBe(before, "a sign-in starts a new session");
        var (_, _, location) = await SignIn(browser, email, GoodPassword);
        location.ShouldBe(AccountPages.AccountPath);
        browser.Cookies.GetAllCookies().Single(c => c.Name == "marketplace_session").Value.ShouldNotBe(session.Value, "and so does the next one");
    }

    [Theory]
    [InlineData("short pass", "Use at least 12 characters")]
    [InlineData("password1234", "one of the most common ones")]
    [InlineData("winniethepooh", "one of the most common ones")]
    [InlineData("passwordpassword", "one of the most common ones")]
    [InlineData("123456789012", "run such as 123456")]
    [InlineData("aaaaaaaaaaaaaa", "run such as 123456")]
    [InlineData("my marketplace login", "name and your email address out of your password")]
    public async Task weak_passwords_are_refused_with_the_reason_and_no_account_is_made(string password, string reason)
    {
        var email = NewEmail();
        using var browser = Browser.For(app);
        var (status, body, _) = await browser.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, Fields(("email", email), ("password", password)));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain(reason);
        body.ShouldContain($"value=\"{email}\"", customMessage: "the email stays filled in");
        using var scope = app.Host.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(email)).ShouldBeNull();
        PasswordRules.CommonCount.ShouldBeGreaterThan(3000);
    }

    [Fact]
    public async Task signing_up_with_a_taken_email_answers_alike_and_tells_the_owner_by_mail()
    {
        var email = NewEmail();
        using var owner = await SignedUpAndConfirmed(email);
        using var stranger = Browser.For(app);
        var (status, _, location) = await stranger.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, Fields(("email", email), ("password", "another long passphrase")));
        (status, location).ShouldBe((HttpStatusCode.Redirect, AccountPages.CheckInboxPath), "the same answer as for a new email");
        var warning = await app.Mail.Next(email, "Someone tried to sign up with your email");
        (warning.TextBody ?? "").ShouldContain(AccountPages.ForgotPath);
        (await SignIn(stranger, email, "another long passphrase")).Status.ShouldBe(HttpStatusCode.Unauthorized, "the account keeps its password");
    }

    [Fact]
    public async Task a_wrong_password_and_an_unknown_email_get_the_same_answer_in_about_the_same_time()
    {
        var email = NewEmail();
        using var browser = await SignedUpAndConfirmed(email);
        async Task<(HttpStatusCode, string, long)> Timed(string who, string password)
        {
            var watch = Stopwatch.StartNew();
            var (status, body, _) = await SignIn(browser, who, password);
            var problem = body[body.IndexOf("<p class=\"problem\"", StringComparison.Ordinal)..];
            return (status, problem[..(problem.IndexOf("</p>", StringComparison.Ordinal) + 4)], watch.ElapsedMilliseconds);
        }
        // Two wrong tries of five: the lockout is not reached.
        var wrong = new[] { await Timed(email, "not the password at all"), await Timed(email, "not the password either") };
        var unknown = new[] { await Timed(NewEmail(), "not the password at all"), await Timed(NewEmail(), "not the password either") };
        wrong.Select(w => w.Item1).Concat(unknown.Select(u => u.Item1)).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        wrong.Concat(unknown).Select(w => w.Item2).Distinct().Count().ShouldBe(1, "one message for both");
        unknown[0].Item2.ShouldContain("do not match an account we can sign you in to");
        wrong[0].Item2.ShouldContain("do not match an account we can sign you in to");
        // An unknown email costs a password hash too: without it, it answers in a small fraction of the time.
        unknown.Min(u => u.Item3).ShouldBeGreaterThan(wrong.Min(w => w.Item3) / 3);
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_account_and_a_password_reset_by_mail_opens_it()
    {
        var email = NewEmail();
        using var browser = await SignedUpAndConfirmed(email);
        for (var i = 0; i < 5; i++) (await SignIn(browser, email, $"wrong password number {i}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await SignIn(browser, email, GoodPassword)).Status.ShouldBe(HttpStatusCode.Unauthorized, "locked: even the right password is refused");

        (await browser.Submit(AccountPages.ForgotPath, AccountPages.ForgotPath, Fields(("email", email)))).Location.ShouldBe(AccountPages.CheckInboxPath);
        (await browser.Submit(AccountPages.ForgotPath, AccountPages.ForgotPath, Fields(("email", NewEmail())))).Location
            .ShouldBe(AccountPages.CheckInboxPath, "the same answer for an email without an account");
        var reset = MailCatcher.LinkTo(await app.Mail.Next(email, "Reset your Marketplace password"), AccountPages.ResetPath);

        (await browser.Submit(reset, AccountPages.ResetPath, Fields(("password", "password1234")))).Body.ShouldContain("one of the most common ones");
        (await browser.Submit(reset, AccountPages.ResetPath, Fields(("password", "a brand new passphrase")))).Body.ShouldContain("Your new password is set");
        (await browser.Submit(reset, AccountPages.ResetPath, Fields(("password", "yet another passphrase")))).Body.ShouldContain("That link did not work", customMessage: "a reset link works once");

        (await SignIn(browser, email, GoodPassword)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await SignIn(browser, email, "a brand new passphrase")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task forms_posted_without_their_page_s_token_or_with_bad_input_change_nothing()
    {
        var email = NewEmail();
        using var browser = Browser.For(app);
        var forged = await browser.Post(AccountPages.SignUpPath, Fields(("email", email), ("password", GoodPassword)));
        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        forged.Body.ShouldContain("This form was not sent from its page on Marketplace");
        (await browser.Post(AccountPages.SignInPath, Fields(("email", email), ("password", GoodPassword)))).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Post(AccountPages.SignOutPath, Fields())).Status.ShouldBe(HttpStatusCode.BadRequest);

        var (status, body, _) = await browser.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, Fields(("email", "not an email"), ("password", GoodPassword)));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("Enter your email address");
        (await browser.Get($"{AccountPages.ConfirmPath}?account={Guid.NewGuid()}&code=%%%")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Get($"{AccountPages.ConfirmPath}?account=nonsense")).Body.ShouldContain("That link did not work");

        using var scope = app.Host.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(email)).ShouldBeNull();
        app.Mail.To(email).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_sign_in_returns_only_to_pages_of_this_site()
    {
        var email = NewEmail();
        using var browser = await SignedUpAndConfirmed(email);
        (await SignIn(browser, email, GoodPassword, "https://evil.example/phish")).Location.ShouldBe(AccountPages.AccountPath);
        (await SignIn(browser, email, GoodPassword, "//evil.example")).Location.ShouldBe(AccountPages.AccountPath);
        (await SignIn(browser, email, GoodPassword, "/postings?skill=microservices")).Location.ShouldBe("/postings?skill=microservices");
    }

    [Fact]
    public async Task passkey_ceremonies_need_a_session_their_page_s_token_and_a_real_credential()
    {
        using var visitor = Browser.For(app);
        (await visitor.SubmitTo(AccountPages.SignInPath, PasskeyPages.SignInPath, PasskeyPages.CreationOptionsPath, Fields())).Status
            .ShouldBe(HttpStatusCode.BadRequest, "nobody signed in: no passkey to add");
        (await visitor.Post(PasskeyPages.RequestOptionsPath, Fields())).Status.ShouldBe(HttpStatusCode.BadRequest, "no antiforgery token");
        var options = await visitor.SubmitTo(AccountPages.SignInPath, PasskeyPages.SignInPath, PasskeyPages.RequestOptionsPath, Fields());
        options.Status.ShouldBe(HttpStatusCode.OK);
        options.Body.ShouldContain("\"challenge\"");
        (await visitor.Submit(AccountPages.SignInPath, PasskeyPages.SignInPath, Fields(("credential", "{\"id\":\"forged\"}"))))
            .Location.ShouldBe($"{AccountPages.SignInPath}?passkey=failed&returnUrl=%2Faccount");
        (await visitor.Submit(AccountPages.SignInPath, PasskeyPages.SignInPath, Fields(("credential", "not json at all"))))
            .Location.ShouldBe($"{AccountPages.SignInPath}?passkey=failed&returnUrl=%2Faccount");
        (await visitor.Get(AccountPages.AccountPath)).Location.ShouldNotBeNull().ShouldStartWith(AccountPages.SignInPath, customMessage: "a forged credential signs nobody in");

        var email = NewEmail();
        using var owner = await SignedUpAndConfirmed(email);
        await SignIn(owner, email, GoodPassword);
        (await owner.Submit(AccountPages.AccountPath, PasskeyPages.AddPath, Fields(("credential", "not json at all"))))
            .Location.ShouldBe($"{AccountPages.AccountPath}?passkey=failed");
        (await owner.SubmitTo(AccountPages.AccountPath, PasskeyPages.AddPath, PasskeyPages.RemovePath, Fields(("id", "%%%")))).Location.ShouldBe($"{AccountPages.AccountPath}?passkey=failed");
        (await owner.Get($"{AccountPages.AccountPath}?passkey=failed")).Body.ShouldContain("No passkeys yet.");
    }
}
