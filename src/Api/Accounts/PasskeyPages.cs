using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Accounts;

/// <summary>
/// Passkeys (WebAuthn) as a first-class way in, with ASP.NET Core Identity's ceremonies: an account adds them on its page
/// and signs in with one from the sign-in page. The browser's part is /site/passkeys.js (WebAuthn needs script); the
/// ceremonies' options come from and go back to these endpoints, each posted with the page's antiforgery token.
/// </summary>
public sealed class PasskeyPages(UserManager<Account> users, SignInManager<Account> signIn, IAntiforgery antiforgery, ILogger<PasskeyPages> log)
{
    public const string CreationOptionsPath = "/account/passkeys/creation-options";
    public const string AddPath = "/account/passkeys";
    public const string RemovePath = "/account/passkeys/remove";
    public const string RequestOptionsPath = "/account/passkeys/request-options";
    public const string SignInPath = "/account/sign-in/passkey";

    public async Task<IResult> CreationOptions(HttpContext http)
    {
        if (!await Valid(http) || await SignedIn(http) is not { } account) return Results.BadRequest();
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = account.Id.ToString(), Name = account.Email!, DisplayName = account.Email!,
        });
        return Results.Content(options, "application/json");
    }

    public async Task<IResult> Add(HttpContext http)
    {
        if (await AccountForms.Read(http, antiforgery) is not { } form || await SignedIn(http) is not { } account)
            return Results.Redirect(AccountPages.SignInPath);
        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(form["credential"].ToString());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or PasskeyException or ArgumentException or InvalidOperationException)
        {
            // What the browser sent is not a credential, or no ceremony was started in this browser.
            attestation = PasskeyAttestationResult.Fail(e as PasskeyException ?? new PasskeyException(e.Message));
        }
        if (!attestation.Succeeded)
        {
            log.LogWarning("A passkey for account {Account} was refused: {Reason}", account.Id, attestation.Failure?.Message);
            return Results.Redirect($"{AccountPages.AccountPath}?passkey=failed");
        }
        var name = form["name"].ToString().Trim();
        attestation.Passkey.Name = name.Length is > 0 and <= 100 ? name : "Passkey";
        var saved = await users.AddOrUpdatePasskeyAsync(account, attestation.Passkey);
        return Results.Redirect($"{AccountPages.AccountPath}?passkey={(saved.Succeeded ? "added" : "failed")}");
    }

    public async Task<IResult> Remove(HttpContext http)
    {
        if (await AccountForms.Read(http, antiforgery) is not { } form || await SignedIn(http) is not { } account)
            return Results.Redirect(AccountPages.SignInPath);
        try
        {
            await users.RemovePasskeyAsync(account, WebEncoders.Base64UrlDecode(form["id"].ToString()));
        }
        catch (FormatException)
        {
            return Results.Redirect($"{AccountPages.AccountPath}?passkey=failed");
        }
        return Results.Redirect($"{AccountPages.AccountPath}?passkey=removed");
    }

    /// <summary>For any discoverable passkey of this site: who signs in is whoever's passkey answers.</summary>
    public async Task<IResult> RequestOptions(HttpContext http) =>
        await Valid(http) ? Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json") : Results.BadRequest();

    public async Task<IResult> SignInWithPasskey(HttpContext http)
    {
        if (await AccountForms.Read(http, antiforgery) is not { } form) return Results.Redirect(AccountPages.SignInPath);
        SignInResult result;
        try
        {
            result = await signIn.PasskeySignInAsync(form["credential"].ToString());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or PasskeyException or ArgumentException or InvalidOperationException)
        {
            result = SignInResult.Failed;
        }
        var returnUrl = AccountPages.LocalOrHome(form["returnUrl"]);
        return result.Succeeded
            ? Results.Redirect(returnUrl)
            : Results.Redirect($"{AccountPages.SignInPath}?passkey=failed&returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    /// <summary>The passkeys section of the account page.</summary>
    public async Task<string> Section(HttpContext http, Account account, string token)
    {
        var passkeys = await users.GetPasskeysAsync(account);
        var status = http.Request.Query["passkey"].ToString() switch
        {
            "added" => "<p role=\"status\">Passkey added: you can sign in with it now.</p>",
            "removed" => "<p role=\"status\">Passkey removed.</p>",
            "failed" => "<p class=\"problem\" role=\"alert\">That did not work. Try again, or with another device.</p>",
            _ => "",
        };
        var list = passkeys.Count == 0 ? "<p>No passkeys yet.</p>" : "<ul class=\"passkeys\">" + Join(passkeys, p => $"""
            <li>{E(p.Name ?? "Passkey")}, added {Date(p.CreatedAt)}
            <form method="post" action="{RemovePath}">{token}<input type="hidden" name="id" value="{E(WebEncoders.Base64UrlEncode(p.CredentialId))}"><button type="submit">Remove</button></form></li>
            """) + "</ul>";
        return $"""
            <h2>Passkeys</h2>
            <p>A passkey signs you in with your device's screen lock or a security key instead of a password, and cannot be phished.</p>
            {status}
            {list}
            <form method="post" action="{AddPath}" class="sign-in" data-passkey="create" data-options="{CreationOptionsPath}">{token}
            <label for="passkey-name">Name of the new passkey</label>
            <input id="passkey-name" name="name" maxlength="100" value="My device">
            <input type="hidden" name="credential">
            <button type="submit">Add a passkey</button>
            </form>
            <noscript><p>Adding a passkey needs JavaScript.</p></noscript>
            <script src="/site/passkeys.js" defer></script>
            """;
    }

    private async Task<bool> Valid(HttpContext http) => await AccountForms.Read(http, antiforgery) is not null;

    private Task<Account?> SignedIn(HttpContext http) => AccountForms.SignedIn(http, users);
}
