using Marketplace.Domain.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using System.Security.Claims;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>
/// The dashboard's sign-in: the analyst pastes a token the API issued; it travels on in an HttpOnly, SameSite=Strict
/// cookie that only the dashboard's paths receive, and is checked on every request exactly as a bearer token is.
/// </summary>
public static class DashboardSession
{
    public const string Cookie = "marketplace_dashboard";
    private const string CookiePath = "/analytics";

    /// <summary>Who the cookie's token names, or null when there is none or it is no longer valid.</summary>
    public static async Task<Actor?> Current(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Cookie, out var token) ? await Validate(http, token) : null;

    /// <summary>Who the dashboard is for: analysts, administrators and company members.</summary>
    public static bool MayRead(Actor actor) => actor.Role is Roles.Analyst or Roles.Admin || actor.CompanyFor(CompanyCapabilities.Funnel) is not null;

    public static async Task<IResult> SignIn(HttpContext http)
    {
        if (!SameOrigin(http.Request)) return Refused(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token[7..].Trim();
        var actor = token.Length is > 0 and < 8192 ? await Validate(http, token) : null;
        if (actor is null) return Layout.Result(http, SignInPage.Render("That token is not valid or has expired.", StatusCodes.Status401Unauthorized));
        if (!MayRead(actor))
            return Layout.Result(http, SignInPage.Render("That token may not read the funnel: sign in as an analyst, an administrator or a company member.",
                StatusCodes.Status403Forbidden));
        http.Response.Cookies.Append(Cookie, token, Options(http, Expiry(token)));
        return Results.Redirect(CookiePath, permanent: false, preserveMethod: false);
    }

    public static Task<IResult> SignOut(HttpContext http)
    {
        if (!SameOrigin(http.Request)) return Task.FromResult(Refused(http));
        http.Response.Cookies.Delete(Cookie, Options(http, null));
        return Task.FromResult(Results.Redirect(CookiePath));
    }

    private static IResult Refused(HttpContext http) =>
        Layout.Result(http, SignInPage.Render("Sign in and out from this dashboard's own page.", StatusCodes.Status403Forbidden));

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = CookiePath,
        Expires = expires,
        IsEssential = true,
    };

    /// <summary>The same validation the bearer scheme applies (issuer, audience, key, lifetime).</summary>
    private static async Task<Actor?> Validate(HttpContext http, string token)
    {
        var bearer = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, bearer.TokenValidationParameters);
        if (!result.IsValid) return null;
        var actor = Actor.From(new ClaimsPrincipal(result.ClaimsIdentity));
        return actor.IsAnonymous ? null : actor;
    }

    private static DateTimeOffset? Expiry(string token) =>
        new JsonWebTokenHandler().ReadJsonWebToken(token).ValidTo is var to && to > DateTime.MinValue ? new DateTimeOffset(to, TimeSpan.Zero) : null;

    /// <summary>Forms are posted from the dashboard itself; a browser says where a request comes from.</summary>
    private static bool SameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return false;
        // Under Referrer-Policy: no-referrer a browser posts "Origin: null" even from our own page; Sec-Fetch-Site then
        // tells. The host only is compared: behind a proxy that ends TLS the scheme seen here is not the browser's.
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || origin == "null" && site == "same-origin"
               || Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Authority == request.Host.Value;
    }
}
