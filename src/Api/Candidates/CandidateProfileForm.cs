using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Candidates;

/// <summary>
/// The short profile a new account gives before it submits or applies: a name and whether companies may find it. The
/// form posts to the page that asked (with <c>action=profile</c>), which registers the candidate through GraphQL.
/// </summary>
public static class CandidateProfileForm
{
    public static string Render(HttpContext http, IAntiforgery antiforgery, string postTo) => $"""
        <p>First, how should companies see you? Others see a pseudonym on leaderboards; your name shows only where you apply.</p>
        <form method="post" action="{E(postTo)}" class="sign-in">{AccountForms.TokenField(http, antiforgery)}<input type="hidden" name="action" value="profile">
        <label for="displayName">Your name</label><input id="displayName" name="displayName" required minlength="2" maxlength="80" autocomplete="name">
        <label><input type="checkbox" name="discoverable"> Let companies find me in their talent search by my scores</label>
        <button type="submit">Continue</button>
        </form>
        """;

    /// <summary>Registers the signed-in account as a candidate with the posted name, and its account's email.</summary>
    public static async Task Register(HttpContext http, PageQueries queries, UserManager<Account> users, Actor actor, IFormCollection form)
    {
        var email = (await AccountForms.SignedIn(http, users))?.Email ?? "";
        await queries.Run<Dictionary<string, object?>>(http, actor,
            "mutation($i: RegisterCandidateInput!) { registerCandidate(input: $i) { candidate { id } } }",
            new { i = new { displayName = form["displayName"].ToString().Trim(), email, discoverable = form["discoverable"] == "on" } });
    }
}
