using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Infrastructure.Identity;

/// <summary>
/// Who is signed in, for the pages' header: read from the session cookie on the pages a browser asks for, and only when
/// there is one. The pages are never cached, so one person's header is never served to another.
/// </summary>
public static class SignedIn
{
    public const string Key = "marketplace.signed-in";

    public static void UseSignedInHeader(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Cookies.ContainsKey("marketplace_session"))
        {
            var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (session.Succeeded && session.Principal?.Identity?.Name is { } name) http.Items[Key] = name;
        }
        await next();
    });
}
