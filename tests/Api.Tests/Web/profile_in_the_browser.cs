using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using System.Net;

namespace Marketplace.Api.Tests.Web;

/// <summary>A candidate keeps their profile in the browser, and erases their data from there after being told what goes and what stays.</summary>
public class profile_in_the_browser(AppFixture app)
{
    private const string Path = "/account/profile";

    [Fact]
    public async Task a_candidate_edits_the_profile_a_stale_edit_is_refused_and_erasure_needs_confirming()
    {
        var person = await app.SignedUp("profile");
        var browser = person.Browser;
        (await browser.Get(Path)).Body.ShouldContain("First, how should companies see you?");
        await browser.Submit(Path, Path, new Dictionary<string, string> { ["action"] = "profile", ["displayName"] = "Ada Lovelace" });
        var page = (await browser.Get(Path)).Body;
        page.ShouldContain("value=\"Ada Lovelace\"");
        page.ShouldContain("What stays: your scores");

        var (saved, _, _) = await browser.Submit(Path, Path, new Dictionary<string, string>
            { ["action"] = "update", ["displayName"] = "Ada King", ["headline"] = "Analytical engines", ["skills"] = "microservices", ["discoverable"] = "on" });
        saved.ShouldBe(HttpStatusCode.Redirect);
        var profile = (await app.Host.GraphQL("{ me { candidate { displayName headline skills discoverable } } }", token: person.Token)).Data("me.candidate");
        profile.GetProperty("displayName").GetString().ShouldBe("Ada King");
        profile.GetProperty("headline").GetString().ShouldBe("Analytical engines");
        profile.GetProperty("discoverable").GetBoolean().ShouldBeTrue();

        var (stale, conflict, _) = await browser.Submit(Path, Path, new Dictionary<string, string> { ["action"] = "update", ["displayName"] = "Someone Else", ["version"] = "1" });
        stale.ShouldBe(HttpStatusCode.BadRequest);
        conflict.ShouldContain("Your profile changed meanwhile");
        (await app.Host.GraphQL("{ me { candidate { displayName } } }", token: person.Token)).Data("me.candidate.displayName").GetString().ShouldBe("Ada King");

        var (unconfirmed, _, _) = await browser.SubmitTo(Path, Path, Path, new Dictionary<string, string> { ["action"] = "erase" });
        unconfirmed.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Host.GraphQL("{ me { candidate { displayName } } }", token: person.Token)).Data("me.candidate.displayName").GetString().ShouldBe("Ada King");

        var (erased, done, _) = await browser.Submit(Path, Path, new Dictionary<string, string> { ["action"] = "erase", ["confirm"] = "on" });
        erased.ShouldBe(HttpStatusCode.OK);
        done.ShouldContain("Your data is erased");
        await Eventually.Until(async () =>
        {
            using var scope = app.Host.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByIdAsync(person.Id.ToString());
        }, account => account is null);
        (await browser.Get(Path)).Location.ShouldBe("/account/sign-in?returnUrl=%2Faccount%2Fprofile", "signed out, the account gone");
    }
}
