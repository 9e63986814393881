using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Accounts;

/// <summary>What every account page reads the same way: a posted form with its page's antiforgery token, and the session's account.</summary>
public static class AccountForms
{
    /// <summary>The posted form when it carries its page's antiforgery token; null for anything else.</summary>
    public static async Task<IFormCollection?> Read(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType) return null;
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
        return await http.Request.ReadFormAsync(http.RequestAborted);
    }

    /// <summary>The account the session cookie names, or null when nobody is signed in or it is gone.</summary>
    public static async Task<Account?> SignedIn(HttpContext http, UserManager<Account> users)
    {
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return session.Succeeded ? await users.GetUserAsync(session.Principal!) : null;
    }
}
