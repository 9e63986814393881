using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>What the dashboard shows to somebody who is not signed in, or whose account may not read the funnel.</summary>
public static class SignInPage
{
    public static Page Render(string? problem = null, int status = StatusCodes.Status200OK) => new("Sign in to the hiring funnel",
        "The analysts' hiring-funnel dashboard.", $"""
        <h1>Hiring funnel</h1>
        <p class="lead">The dashboard is for analysts, administrators and the members of a company who read its funnel.</p>
        {AccountForms.Problem(problem)}
        <p><a href="{AccountPages.SignInPath}{E(AccountPages.WithReturn(Dashboard.Path))}">Sign in with your account</a> to see it.</p>
        """) { Status = status, Indexable = false };
}
