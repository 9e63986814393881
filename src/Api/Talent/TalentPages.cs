using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Meaning;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using System.Globalization;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Talent;

/// <summary>
/// The talent pool in the company's workspace: discoverable candidates by skill and minimum best score (a GET form, so
/// every search has an address), each invited to one of the company's open positions that asks for the skill with
/// one inviteCandidate; and the invitations the company sent, with their state.
/// </summary>
public sealed class TalentPages(PageQueries queries, IAntiforgery antiforgery)
{
    public const string Path = "/company/talent";
    public const string InvitePath = $"{Path}/invitations";

    private static Workspace.Section Section => WorkspaceAccess.Section(Path);

    private const string Query = $$"""
        query($skill: String!, $minScore: Int, $search: Boolean!, $company: ID!, $posting: ID!, $recommend: Boolean!) { skills { slug name }
          talentPool(skill: $skill, minScore: $minScore, first: 50) @include(if: $search) { totalCount edges { node { candidateId handle bestScore } } }
          recommendedCandidates(postingId: $posting, first: 10) @include(if: $recommend) { candidateId handle score bestScore reasons { {{ReasonsHtml.Fields}} } }
          postings(first: 100, filter: { companyId: $company, status: OPEN }) { edges { node { id title skills } } }
          me { company { name } invitations { id status sentAt expiresAt message candidate { handle } posting { id title } } } }
        """;

    public sealed record Data(List<Skill> Skills, Connection<Candidate>? TalentPool, List<Recommended>? RecommendedCandidates, Connection<Posting> Postings, Me? Me);
    public sealed record Recommended(string CandidateId, string Handle, double Score, int BestScore, List<ReasonView> Reasons);
    public sealed record Skill(string Slug, string Name);
    public sealed record Candidate(string CandidateId, string Handle, int BestScore);
    public sealed record Posting(string Id, string Title, List<string> Skills);
    public sealed record Me(CompanyName? Company, List<Invitation> Invitations);
    public sealed record CompanyName(string Name);
    public sealed record Invitation(string Id, string Status, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, string? Message, HandleOnly Candidate, Posting Posting);
    public sealed record HandleOnly(string Handle);

    /// <summary>
    /// A search as it travels in the address: the skill's slug and the lowest best score, as typed, and the position
    /// whose recommended candidates to show.
    /// </summary>
    public sealed record Search(string Skill, string MinScore, string Posting)
    {
        public static Search From(IQueryCollection query) =>
            new(query["skill"].ToString().Trim(), query["minScore"].ToString().Trim(), query["posting"].ToString().Trim());

        public static Search From(IFormCollection form) =>
            new(form["skill"].ToString().Trim(), form["minScore"].ToString().Trim(), form["posting"].ToString().Trim());

        public int? Score => int.TryParse(MinScore, NumberStyles.None, CultureInfo.InvariantCulture, out var score) ? score : null;

        public string Address => QueryHelpers.AddQueryString(Path,
            new Dictionary<string, string?> { ["skill"] = Skill, ["minScore"] = MinScore, ["posting"] = Posting }.Where(p => p.Value is { Length: > 0 }));

        /// <summary>The fields that bring an invitation's page back to this search.</summary>
        public string Fields => $"""<input type="hidden" name="skill" value="{E(Skill)}"><input type="hidden" name="minScore" value="{E(MinScore)}"><input type="hidden" name="posting" value="{E(Posting)}">""";
    }

    public async Task<IResult> Show(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (actor is null) return refusal!;
        return await Render(http, actor, Search.From(http.Request.Query), null);
    }

    public async Task<IResult> Invite(HttpContext http)
    {
        var (actor, refusal) = await WorkspaceAccess.Enter(http, Section);
        if (actor is null) return refusal!;
        if (await AccountForms.Read(http, antiforgery) is not { } form) return AccountForms.Forged(http);
        var search = Search.From(form);
        try
        {
            await queries.Run<Dictionary<string, object?>>(http, actor,
                "mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { invitation { id } } }",
                new { i = new { postingId = form["postingId"].ToString(), candidateId = form["candidateId"].ToString(),
                    message = form["message"].ToString().Trim() is { Length: > 0 } message ? message : null } });
        }
        catch (PageQueryFailed failed) when (failed.IsTheCallers)
        {
            return await Render(http, actor, search, failed.Code == "NOT_FOUND" ? "That candidate is no longer in the talent pool." : failed.Message, failed.Status);
        }
        return Results.Redirect(search.Address + "#invitations");
    }

    private async Task<IResult> Render(HttpContext http, Actor actor, Search search, string? problem, int status = 200)
    {
        string? scoreError = null;
        Task<Data> Read(Search asked) => queries.Run<Data>(http, actor, Query, new
        {
            skill = asked.Skill, minScore = asked.Score, search = asked.Skill.Length > 0, company = actor.CompanyId,
            posting = asked.Posting, recommend = asked.Posting.Length > 0,
        });
        Data data;
        try
        {
            data = await Read(search);
        }
        catch (PageQueryFailed failed) when (failed.Field == "minScore")
        {
            (scoreError, status) = (failed.Message, failed.Status);
            data = await Read(search with { Skill = "", MinScore = "", Posting = "" });
        }
        catch (PageQueryFailed failed) when (failed.Field == "postingId" || failed.Code == "NOT_FOUND")
        {
            (problem, status) = ("That is not one of your company's positions: choose one from the list.", StatusCodes.Status404NotFound);
            data = await Read(search with { Skill = "", MinScore = "", Posting = "" });
        }
        var company = data.Me?.Company?.Name ?? "Your company";
        return Layout.Result(http, new Page($"{company}: talent", "Find discoverable candidates by their challenge scores and invite them to apply.", $"""
            {Workspace.Nav(actor, Path)}
            <h1>{E(company)}: talent</h1>
            {AccountForms.Problem(problem)}
            <form method="get" action="{Path}" class="filters" role="search" aria-label="Search the talent pool">
            <div class="field"><label for="skill">Skill</label><select id="skill" name="skill" required><option value="">Choose a skill</option>{Join(data.Skills, s =>
                $"<option value=\"{E(s.Slug)}\"{(s.Slug == search.Skill ? " selected" : "")}>{E(s.Name)}</option>")}</select></div>
            <div class="field"><label for="minScore">Lowest best score (0 to 100)</label><input id="minScore" name="minScore" value="{E(search.MinScore)}" inputmode="numeric" size="4" aria-describedby="minScore-error"{(scoreError is null ? "" : " aria-invalid=\"true\"")}>
            {(scoreError is null ? "" : $"<p class=\"problem field-error\" id=\"minScore-error\" role=\"alert\">{E(scoreError)}</p>")}</div>
            <div class="actions"><button type="submit">Search</button></div>
            </form>
            {TalentResults.Render(http, antiforgery, data, search)}
            {TalentRecommendations.Render(http, antiforgery, data, search)}
            {TalentResults.Invitations(data.Me?.Invitations ?? [])}
            """) { Status = status, Indexable = false });
    }
}
