using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics.Pages;

public static class SignInPage
{
    public static Page Render(string? problem = null, int status = StatusCodes.Status200OK) => new("Sign in to the hiring funnel",
        "The analysts' hiring-funnel dashboard.", $"""
        <h1>Hiring funnel</h1>
        <p class="lead">The dashboard is for analysts, administrators and company members.</p>
        {(problem is null ? "" : $"<p class=\"problem\" role=\"alert\" id=\"problem\">{E(problem)}</p>")}
        <p><a href="/account/sign-in?returnUrl=%2Fanalytics">Sign in with your account</a>, or with a token the API issued to you:</p>
        <form method="post" action="/analytics/sign-in" class="sign-in">
        <label for="token">Bearer token</label>
        <textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false" aria-describedby="{(problem is null ? "" : "problem ")}token-hint"></textarea>
        <p class="hint" id="token-hint">In development: <code>dotnet run --project src/Api -- token --role analyst</code>. The token is kept in a cookie only this dashboard receives.</p>
        <button type="submit">Sign in</button>
        </form>
        """) { Status = status, Indexable = false };
}
