using System.Text.Json;
using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Webhooks;

/// <summary>What the page after an action says once: what was done, and a new signing secret.</summary>
public sealed record WebhookNotice(string Message, string? Secret = null)
{
    /// <summary>Announced where it appears; the secret with what to do with it, since it is never shown again.</summary>
    public string Render() => Secret is null
        ? $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(Message)}</p>"
        : $"""
          <div class="secret" role="status" id="notice"><p><strong>{E(Message)}</strong> The signing secret:</p>
          <p><code id="signing-secret">{E(Secret)}</code></p>
          <p><strong>Store it now, where your receiver reads it: it is not shown again.</strong> If it is lost, rotate the secret below to get a new one.</p></div>
          """;
}

/// <summary>
/// Carries a <see cref="WebhookNotice"/> across the redirect after a form (post, redirect, get): a reload then shows the
/// page without repeating the action, and a secret appears on exactly one response. It travels encrypted and signed by
/// Data Protection in a cookie that lives five minutes, only for the webhook pages of the account that acted, and is
/// cleared by the page that shows it.
/// </summary>
public sealed class WebhookNotices(IDataProtectionProvider protection, IHostEnvironment environment)
{
    private const string Cookie = "marketplace_webhook_notice";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Marketplace.Webhooks.Notice").ToTimeLimitedDataProtector();

    private sealed record Sealed(string Account, string Path, string Message, string? Secret);

    /// <summary>Leaves the notice for the next page at <paramref name="path"/>, and redirects there.</summary>
    public IResult RedirectWith(HttpContext http, Actor actor, string path, WebhookNotice notice)
    {
        var text = JsonSerializer.Serialize(new Sealed(actor.Subject?.ToString() ?? "", path, notice.Message, notice.Secret));
        http.Response.Cookies.Append(Cookie, _protector.Protect(text, Lifetime), Options(http, Lifetime));
        return Results.Redirect(path);
    }

    /// <summary>The notice left for this page and this account, once; the cookie is cleared whatever it held.</summary>
    public WebhookNotice? Take(HttpContext http, Actor actor)
    {
        if (http.Request.Cookies[Cookie] is not { } value) return null;
        http.Response.Cookies.Delete(Cookie, Options(http, null));
        try
        {
            var found = JsonSerializer.Deserialize<Sealed>(_protector.Unprotect(value));
            return found is not null && found.Account == (actor.Subject?.ToString() ?? "") && found.Path == http.Request.Path.Value
                ? new WebhookNotice(found.Message, found.Secret)
                : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    private CookieOptions Options(HttpContext http, TimeSpan? lifetime) => new()
    {
        Path = WebhookPageRoutes.ListPath,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps || !environment.IsDevelopment(),
        MaxAge = lifetime,
        IsEssential = true,
    };
}
