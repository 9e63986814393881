using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Meaning;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Candidates;

/// <summary>
/// A candidate's profile in the browser: name, headline, skills and whether companies may find them, with what that
/// means; and "Erase my data", which says what goes and what stays before it asks to be confirmed.
/// </summary>
public sealed class ProfilePages(PageQueries queries, IAntiforgery antiforgery, UserManager<Account> users, SignInManager<Account> signIn)
{
    public const string Path = "/account/profile";

    private const string ProfileQuery = $$"""
        { me { role candidate { version handle displayName headline skills discoverable }
          recommendedPositions(first: 5) { score posting { id title company { name } } reasons { {{ReasonsHtml.Fields}} } } } }
        """;

    public sealed record ProfileData(MeData? Me);
    public sealed record MeData(string Role, ProfileView? Candidate, List<Recommended> RecommendedPositions);
    public sealed record ProfileView(int Version, string Handle, string DisplayName, string? Headline, List<string> Skills, bool Discoverable);
    public sealed record Recommended(double Score, RecommendedPosting Posting, List<ReasonView> Reasons);
    public sealed record RecommendedPosting(string Id, string Title, CompanyName Company);
    public sealed record CompanyName(string Name);

    public async Task<IResult> Show(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(Path);
        return await Render(http, actor, null);
    }

    public async Task<IResult> Act(HttpContext http)
    {
        if (await AccountActor.FromSession(http) is not { } actor) return AccountForms.ToSignIn(Path);
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        try
        {
            switch (form["action"].ToString())
            {
                case "profile":
                    await CandidateProfileForm.Register(http, queries, users, actor, form);
                    break;
                case "update":
                    await queries.Run<Dictionary<string, object?>>(http, actor,
                        "mutation($i: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $i) { candidate { id } } }",
                        new { i = new
                        {
                            displayName = form["displayName"].ToString().Trim(),
                            headline = form["headline"].ToString().Trim() is { Length: > 0 } headline ? headline : null,
                            skills = form["skills"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                            discoverable = form["discoverable"] == "on",
                            expectedVersion = int.TryParse(form["version"], out var version) ? version : (int?)null,
                        } });
                    break;
                case "erase":
                    await queries.Run<Dictionary<string, object?>>(http, actor,
                        "mutation($i: EraseMyDataInput!) { eraseMyData(input: $i) { erased } }", new { i = new { confirm = form["confirm"] == "on" } });
                    await signIn.SignOutAsync();
                    return Layout.Result(http, new Page("Your data is erased", "Your data is erased.", """
                        <h1>Your data is erased</h1>
                        <p>Your profile, your account and your sign-in are gone, and your name and email are masked wherever they were
                        recorded. Your scores stay in the statistics under a pseudonym that no longer leads to you.</p>
                        """) { Indexable = false });
                default:
                    return await Render(http, actor, "That is not something this page can do.", 400);
            }
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            var problem = failed.Code == "CONFLICT" ? "Your profile changed meanwhile (in another tab?): here it is as it is now; make your change again." : failed.Message;
            return await Render(http, actor, problem, failed.Status);
        }
        return Results.Redirect(Path);
    }

    private async Task<IResult> Render(HttpContext http, Infrastructure.Identity.Actor actor, string? problem, int status = 200)
    {
        http.Response.Headers.CacheControl = "no-store";
        var me = (await queries.Run<ProfileData>(http, actor, ProfileQuery)).Me;
        string body;
        if (me?.Role != Infrastructure.Identity.Roles.Candidate)
            body = "<p>A profile is for candidates; you are signed in for a company or for the platform.</p>";
        else if (me.Candidate is not { } profile)
            body = CandidateProfileForm.Render(http, antiforgery, Path);
        else
            body = $"""
                <p>Others see you as <strong>{E(profile.Handle)}</strong> on leaderboards; your name shows only to companies you apply to
                (and under blind review, only from the interview on).</p>
                <form method="post" action="{Path}" class="sign-in">{Token(http)}<input type="hidden" name="action" value="update"><input type="hidden" name="version" value="{E(profile.Version)}">
                <label for="displayName">Your name</label><input id="displayName" name="displayName" required minlength="2" maxlength="80" value="{E(profile.DisplayName)}">
                <label for="headline">Headline (optional)</label><input id="headline" name="headline" maxlength="200" value="{E(profile.Headline)}">
                <label for="skills">Skills (slugs from the catalogue, separated by commas)</label><input id="skills" name="skills" value="{E(string.Join(", ", profile.Skills))}">
                <label><input type="checkbox" name="discoverable" aria-describedby="discoverable-hint"{(profile.Discoverable ? " checked" : "")}> Let companies find me</label>
                <p class="hint" id="discoverable-hint">When on, companies hiring for your skills see your best challenge scores in their talent search and may invite you to apply. Turning it off hides you at once.</p>
                <button type="submit">Save</button>
                </form>
                {RecommendedPositions(me.RecommendedPositions)}
                <section aria-labelledby="erase"><h2 id="erase">Erase my data</h2>
                <p>This erases your profile, your account and your sign-in, and masks your name and email wherever they were recorded,
                including your applications and submissions. What stays: your scores, counted in the challenges' and companies'
                statistics under a pseudonym that no longer leads to you. It cannot be undone.</p>
                <form method="post" action="{Path}" class="sign-in">{Token(http)}<input type="hidden" name="action" value="erase">
                <label><input type="checkbox" name="confirm" required> I understand that my data is erased for good</label>
                <button type="submit">Erase my data</button>
                </form></section>
                """;
        return Layout.Result(http, new Page("Your profile", "Your candidate profile.", $"""
            <h1>Your profile</h1>
            {AccountForms.Problem(problem)}
            {body}
            """) { Status = status, Indexable = false });
    }

    private string Token(HttpContext http) => AccountForms.TokenField(http, antiforgery);

    /// <summary>Open positions closest in meaning to the candidate's reviewed work and profile, with the passages that match.</summary>
    private static string RecommendedPositions(List<Recommended> positions) => $"""
        <section aria-labelledby="recommended"><h2 id="recommended">Recommended positions</h2>
        <p class="hint">Open positions closest in meaning to your reviewed challenge work and your profile, best first.</p>
        {(positions.Count == 0
            ? Cards.Empty("Nothing to recommend yet", "Practise on a challenge: once your work is reviewed, the positions it matches show here.", "/challenges", "Find a challenge")
            : $"<ol class=\"recommended\">{Join(positions, Position)}</ol>")}
        </section>
        """;

    private static string Position(Recommended p) => $"""
        <li class="card" id="recommended-{E(p.Posting.Id)}"><h3><a href="/postings/{E(Uri.EscapeDataString(p.Posting.Id))}">{E(p.Posting.Title)}</a></h3>
        <p class="meta">{E(p.Posting.Company.Name)} · {ReasonsHtml.Match(p.Score)} match</p>
        {ReasonsHtml.List(p.Reasons, own: true)}</li>
        """;
}
