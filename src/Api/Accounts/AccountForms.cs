using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Marketplace.Api.Infrastructure.Web;

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

    /// <summary>To the sign-in page, and back to <paramref name="back"/> once signed in.</summary>
    public static IResult ToSignIn(string back) => Results.Redirect($"{AccountPages.SignInPath}{AccountPages.WithReturn(back)}");

    /// <summary>What a page answers to a form posted without its page's antiforgery token: nothing was done.</summary>
    public static IResult Forged(HttpContext http) => Layout.Result(http, new Page("Please try again", "Please try again",
        "<h1>Please try again</h1><p>This form was not sent from its page on Marketplace, or it stayed open too long. Open the page again and send it from there.</p>")
        { Status = 400, Indexable = false });

    /// <summary>The hidden field that carries this page's antiforgery token in each of its forms.</summary>
    public static string TokenField(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
    }

    /// <summary>What went wrong with a posted form, announced to screen readers; nothing when all went well.</summary>
    public static string Problem(string? problem) => problem is null ? "" : $"<p class=\"problem\" role=\"alert\" id=\"problem\">{Html.E(problem)}</p>";

    /// <summary>The account the session cookie names, or null when nobody is signed in or it is gone.</summary>
    public static async Task<Account?> SignedIn(HttpContext http, UserManager<Account> users)
    {
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return session.Succeeded ? await users.GetUserAsync(session.Principal!) : null;
    }
}
