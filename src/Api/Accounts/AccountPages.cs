using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using System.Text;
using Wolverine;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Accounts;

/// <summary>
/// Signing up, confirming the email, signing in and out, and resetting a forgotten password: server-rendered forms
/// that post and redirect, with an antiforgery token in each. Nothing they answer tells whether an email has an
/// account: sign-up and the reset request answer the same either way and say the rest by mail, and a failed sign-in
/// has one message and takes as long with an unknown email as with a wrong password.
/// </summary>
public sealed class AccountPages(UserManager<Account> users, SignInManager<Account> signIn, IAntiforgery antiforgery, IMessageBus bus,
    PasskeyPages passkeys, ILogger<AccountPages> log)
{
    public const string SignUpPath = "/account/sign-up";
    public const string ConfirmPath = "/account/confirm";
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string ForgotPath = "/account/forgot-password";
    public const string ResetPath = "/account/reset-password";
    public const string AccountPath = "/account";
    public const string CheckInboxPath = "/account/check-inbox";

    private const string WrongCredentials =
        "That email and password do not match an account we can sign you in to. If you signed up recently, confirm your email first.";

    /// <summary>Compared with when the email is unknown, so that a failed sign-in costs one password hash either way.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString()));

    public IResult SignUpForm(HttpContext http) => Show(http, SignUpPage(http, null, "", ReturnUrl(http)));

    public async Task<IResult> SignUp(HttpContext http)
    {
        if (await Form(http) is not { } form) return Forged(http);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalOrHome(form["returnUrl"]);
        if (!LooksLikeEmail(email)) return Show(http, SignUpPage(http, "Enter your email address, such as name@example.com.", email, returnUrl, 400));

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // The same page as for a new account, and the same work: the owner learns of it by mail, nobody else.
            users.PasswordHasher.HashPassword(existing, password);
            await Mail(email, "Someone tried to sign up with your email",
                $"Someone, perhaps you, tried to create a Marketplace account with this email address, which already has one.\n\n" +
                $"Sign in: {Absolute(http, SignInPath)}\nForgot your password? {Absolute(http, ForgotPath)}\n\nIf it was not you, you can ignore this mail.");
            return ToCheckInbox();
        }

        var account = new Account { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded)
        {
            var reason = string.Join(" ", created.Errors.Select(e => e.Description));
            return Show(http, SignUpPage(http, reason, email, returnUrl, 400));
        }
        await SendConfirmation(http, account, returnUrl);
        return ToCheckInbox();
    }

    public async Task<IResult> Confirm(HttpContext http)
    {
        var query = http.Request.Query;
        var account = Guid.TryParse(query["account"], out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        var confirmed = account is not null && Decode(query["code"]) is { } code && (await users.ConfirmEmailAsync(account, code)).Succeeded;
        return Show(http, confirmed
            ? Message("Email confirmed", "Your email address is confirmed. You can sign in now.",
                $"<a href=\"{SignInPath}{WithReturn(ReturnUrl(http))}\">Sign in</a>")
            : Message("That link did not work", "The link is not valid or has expired. Sign up again with the same email to get a new one.",
                $"<a href=\"{SignUpPath}\">Sign up</a>", 400));
    }

    public IResult SignInForm(HttpContext http) => Show(http, SignInPage(http,
        http.Request.Query["passkey"] == "failed" ? "That passkey did not sign you in. Try again, or use your password." : null, "", ReturnUrl(http)));

    public async Task<IResult> SignIn(HttpContext http)
    {
        if (await Form(http) is not { } form) return Forged(http);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalOrHome(form["returnUrl"]);
        var account = LooksLikeEmail(email) ? await users.FindByEmailAsync(email) : null;
        if (account is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new Account(), DecoyHash.Value, password);
            return Show(http, SignInPage(http, WrongCredentials, email, returnUrl, 401));
        }
        var result = await signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            // An unconfirmed or locked account is refused before its password is checked: check it anyway, for the time.
            if (result.IsNotAllowed || result.IsLockedOut) users.PasswordHasher.VerifyHashedPassword(account, account.PasswordHash ?? DecoyHash.Value, password);
            if (result.IsLockedOut && !account.LockoutEnd.HasValue)
                log.LogWarning("Account {Account} locked out after repeated failed sign-ins", account.Id);
            return Show(http, SignInPage(http, WrongCredentials, email, returnUrl, 401));
        }
        // A new cookie with a new ticket: whatever session the browser had before is not carried over.
        await signIn.SignOutAsync();
        await signIn.SignInAsync(account, isPersistent: false);
        return Results.Redirect(returnUrl);
    }

    public async Task<IResult> SignOut(HttpContext http)
    {
        if (await Form(http) is null) return Forged(http);
        await signIn.SignOutAsync();
        return Results.Redirect("/skills");
    }

    public IResult ForgotForm(HttpContext http) => Show(http, ForgotPage(http, null, ""));

    public async Task<IResult> Forgot(HttpContext http)
    {
        if (await Form(http) is not { } form) return Forged(http);
        var email = form["email"].ToString().Trim();
        if (!LooksLikeEmail(email)) return Show(http, ForgotPage(http, "Enter your email address, such as name@example.com.", email, 400));
        if (await users.FindByEmailAsync(email) is { } account && await users.IsEmailConfirmedAsync(account))
        {
            var code = Encode(await users.GeneratePasswordResetTokenAsync(account));
            await Mail(email, "Reset your Marketplace password",
                $"To choose a new password, open this link within a day:\n\n{Absolute(http, $"{ResetPath}?account={account.Id}&code={code}")}\n\n" +
                "If you did not ask for it, you can ignore this mail: your password stays as it is.");
        }
        return ToCheckInbox();
    }

    public IResult ResetForm(HttpContext http) =>
        Show(http, ResetPage(http, null, http.Request.Query["account"].ToString(), http.Request.Query["code"].ToString()));

    public async Task<IResult> Reset(HttpContext http)
    {
        if (await Form(http) is not { } form) return Forged(http);
        var accountId = form["account"].ToString();
        var code = form["code"].ToString();
        var account = Guid.TryParse(accountId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        if (account is null || Decode(code) is not { } token)
            return Show(http, ResetLinkFailed);
        var reset = await users.ResetPasswordAsync(account, token, form["password"].ToString());
        if (!reset.Succeeded)
        {
            var expired = reset.Errors.Any(e => e.Code == "InvalidToken");
            return expired
                ? Show(http, ResetLinkFailed)
                : Show(http, ResetPage(http, string.Join(" ", reset.Errors.Select(e => e.Description)), accountId, code, 400));
        }
        // A reset ends a lockout, and the new security stamp ends every other session.
        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        return Show(http, Message("Password changed", "Your new password is set, and you were signed out everywhere else.",
            $"<a href=\"{SignInPath}\">Sign in</a>"));
    }

    /// <summary>Who is signed in, with the way out; a visitor is sent to sign in first.</summary>
    public async Task<IResult> Overview(HttpContext http)
    {
        if (await AccountForms.SignedIn(http, users) is not { } account)
            return Results.Redirect($"{SignInPath}?returnUrl={Uri.EscapeDataString(AccountPath)}");
        return Show(http, new Page("Your account", "Your Marketplace account.", $"""
            <h1>Your account</h1>
            <p>Signed in as <strong>{E(account.Email)}</strong>.</p>
            <ul>
            <li><a href="/account/profile">Your profile</a>: how companies see you, whether they may find you, and erasing your data.</li>
            <li><a href="/applications">My applications</a>: where each one stands, offers to answer.</li>
            <li><a href="/challenges">Practise on a challenge</a>: feedback on your work within seconds.</li>
            <li><a href="/company/team">Your company</a>: its team and API clients, or register your company.</li>
            </ul>
            <form method="post" action="{SignOutPath}">{Token(http)}<button type="submit">Sign out</button></form>
            {await passkeys.Section(http, account, Token(http))}
            """) { Indexable = false });
    }

    private async Task SendConfirmation(HttpContext http, Account account, string returnUrl)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(account));
        var then = returnUrl == AccountPath ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}";
        await Mail(account.Email!, "Confirm your Marketplace account",
            $"Welcome to Marketplace. To confirm this email address, open:\n\n{Absolute(http, $"{ConfirmPath}?account={account.Id}&code={code}{then}")}\n\n" +
            "If you did not sign up, you can ignore this mail.");
    }

    private Task Mail(string to, string subject, string text) => bus.PublishAsync(new SendMail(to, subject, text)).AsTask();

    private static Page ResetLinkFailed => Message("That link did not work", "The link is not valid or has expired. Ask for a new one.",
        $"<a href=\"{ForgotPath}\">Reset your password</a>", 400);

    private static Page CheckInbox => Message("Check your inbox",
        "We sent a mail to the address you gave with what to do next. It may take a minute; look in your spam folder too.", "");

    private Task<IFormCollection?> Form(HttpContext http) => AccountForms.Read(http, antiforgery);

    private static IResult Forged(HttpContext http) => Show(http, Message("Please try again",
        "This form was not sent from its page on Marketplace, or it stayed open too long. Open the page again and send it from there.",
        "", 400));

    private string Token(HttpContext http) => AccountForms.TokenField(http, antiforgery);

    private Page SignUpPage(HttpContext http, string? problem, string email, string returnUrl, int status = 200) => new("Sign up", "Create your Marketplace account.", $"""
        <h1>Create your account</h1>
        <p class="lead">Practise on real-world challenges, get feedback on your work and apply to companies that are hiring.</p>
        {Problem(problem)}
        <form method="post" action="{SignUpPath}" class="sign-in">{Token(http)}
        <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="{E(email)}"{Described(problem)}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{PasswordRules.MinLength}" maxlength="{PasswordRules.MaxLength}" aria-describedby="password-hint{(problem is null ? "" : " problem")}">
        <p class="hint" id="password-hint">At least {PasswordRules.MinLength} characters. A few unrelated words are easy to remember and hard to guess; common passwords are refused.</p>
        <button type="submit">Sign up</button>
        </form>
        <p>Have an account? <a href="{SignInPath}{E(WithReturn(returnUrl))}">Sign in</a>.</p>
        """) { Status = status, Indexable = false };

    private Page SignInPage(HttpContext http, string? problem, string email, string returnUrl, int status = 200) => new("Sign in", "Sign in to Marketplace.", $"""
        <h1>Sign in</h1>
        {Problem(problem)}
        <form method="post" action="{SignInPath}" class="sign-in">{Token(http)}
        <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="{E(email)}"{Described(problem)}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form>
        <form method="post" action="{PasskeyPages.SignInPath}" class="sign-in" data-passkey="get" data-options="{PasskeyPages.RequestOptionsPath}">{Token(http)}
        <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
        <input type="hidden" name="credential">
        <button type="submit">Sign in with a passkey</button>
        </form>
        <p><a href="{ForgotPath}">Forgot your password?</a> · New here? <a href="{SignUpPath}{E(WithReturn(returnUrl))}">Create an account</a>.</p>
        <script src="/site/passkeys.js" defer></script>
        """) { Status = status, Indexable = false };

    private Page ForgotPage(HttpContext http, string? problem, string email, int status = 200) => new("Reset your password", "Reset your Marketplace password.", $"""
        <h1>Reset your password</h1>
        <p>Give the email address of your account and we will mail you a link to choose a new password.</p>
        {Problem(problem)}
        <form method="post" action="{ForgotPath}" class="sign-in">{Token(http)}
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="{E(email)}"{Described(problem)}>
        <button type="submit">Send the link</button>
        </form>
        """) { Status = status, Indexable = false };

    private Page ResetPage(HttpContext http, string? problem, string account, string code, int status = 200) => new("Choose a new password", "Choose a new Marketplace password.", $"""
        <h1>Choose a new password</h1>
        {Problem(problem)}
        <form method="post" action="{ResetPath}" class="sign-in">{Token(http)}
        <input type="hidden" name="account" value="{E(account)}">
        <input type="hidden" name="code" value="{E(code)}">
        <label for="password">New password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{PasswordRules.MinLength}" maxlength="{PasswordRules.MaxLength}"{Described(problem)}>
        <button type="submit">Set the password</button>
        </form>
        """) { Status = status, Indexable = false };

    private static Page Message(string title, string text, string link, int status = 200) =>
        new(title, title, $"<h1>{E(title)}</h1>\n<p>{E(text)}</p>\n{(link.Length > 0 ? $"<p>{link}</p>" : "")}") { Status = status, Indexable = false };

    private static string Problem(string? problem) => AccountForms.Problem(problem);

    private static string Described(string? problem) => problem is null ? "" : " aria-describedby=\"problem\"";

    private static IResult Show(HttpContext http, Page page) => Layout.Result(http, page);

    public IResult CheckInboxPage(HttpContext http) => Show(http, CheckInbox);

    /// <summary>Post, then redirect: a reload does not send the form again.</summary>
    private static IResult ToCheckInbox() => Results.Redirect(CheckInboxPath);

    private static bool LooksLikeEmail(string email) =>
        email.Length is > 3 and <= 254 && email.IndexOf('@') is > 0 and var at && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);

    private static string ReturnUrl(HttpContext http) => LocalOrHome(http.Request.Query["returnUrl"]);

    /// <summary>The query that carries a page to come back to through sign-up, confirmation and sign-in.</summary>
    public static string WithReturn(string returnUrl) => returnUrl == AccountPath ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>Only a path on this site: a sign-in must not send the browser somewhere else.</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : AccountPath;

    private static string Absolute(HttpContext http, string pathAndQuery) => $"{http.Request.Scheme}://{http.Request.Host}{pathAndQuery}";

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private static string? Decode(string? code)
    {
        try
        {
            return string.IsNullOrEmpty(code) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
