using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Challenges;

/// <summary>The open challenges, and one challenge's page with its rubric and leaderboard (pseudonymous handles only).</summary>
public sealed class ChallengePages(PageQueries queries)
{
    private const string Open = $$"""{ challenges(first: 50, filter: { status: PUBLISHED }) { totalCount edges { node { {{ChallengeCards.Fields}} } } } }""";

    private const string One = """
        query($id: ID!) { challenge(id: $id) {
          id title skill brief difficulty maxAttempts status closesAt ownerCompany { name } submissionCount averageScore
          rubric { version criteria { key description weight } }
          leaderboard(first: 20) { totalCount edges { node { rank handle bestScore submittedAt } } } }
          skills { slug name } }
        """;

    public async Task<Page> List(HttpContext http)
    {
        var challenges = (await queries.Run<ChallengesData>(http, Actor.Anonymous, Open)).Challenges;
        return new Page("Open challenges", "Real-world challenges to practise technical skills on, scored against a rubric with automated feedback.", $"""
            <h1>Open challenges</h1>
            <p class="lead">Practise on real-world problems. Every submission is scored against the challenge's rubric within seconds.</p>
            {ChallengeCards.List(challenges, "No open challenges yet", "Challenges are coming soon.")}
            """);
    }

    public async Task<Page> Show(HttpContext http, string id)
    {
        var data = await queries.Run<ChallengeData>(http, Actor.Anonymous, One, new { id });
        if (data.Challenge is not { } challenge) return Layout.NotFound("Challenge");
        var skill = data.Skills.FirstOrDefault(s => s.Slug == challenge.Skill)?.Name ?? challenge.Skill;
        var board = challenge.Leaderboard;
        var body = $"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/skills">Skills</a> › <a href="/skills/{E(challenge.Skill)}">{E(skill)}</a> › <span aria-current="page">{E(challenge.Title)}</span></nav>
            <h1>{E(challenge.Title)}</h1>
            <p class="lead">{Words(challenge.Difficulty)} challenge by {E(challenge.OwnerCompany?.Name ?? "Marketplace")} · {Words(challenge.Status)}</p>
            <dl class="facts">
            <dt>Skill</dt><dd><a href="/skills/{E(challenge.Skill)}">{E(skill)}</a></dd>
            <dt>Attempts</dt><dd>up to {E(challenge.MaxAttempts)} per candidate</dd>
            <dt>Submissions</dt><dd>{E(challenge.SubmissionCount)}{(challenge.AverageScore is { } average ? $", average score {Number(average)}" : "")}</dd>
            {(challenge.ClosesAt is { } closes ? $"<dt>Closes</dt><dd>{Date(closes)}</dd>" : "")}
            </dl>
            {(challenge.Status == "PUBLISHED" ? $"<p><a class=\"button\" href=\"/challenges/{E(Uri.EscapeDataString(challenge.Id))}/submit\">Start this challenge</a></p>" : "")}
            <section aria-labelledby="brief"><h2 id="brief">The brief</h2>{Markdown(challenge.Brief)}</section>
            <section aria-labelledby="rubric"><h2 id="rubric">Rubric</h2>
            <div class="scroll" role="region" tabindex="0" aria-label="Rubric"><table class="data" id="criteria"><caption>How submissions are scored (rubric version {E(challenge.Rubric.Version)})</caption>
            <thead><tr><th scope="col">Criterion</th><th scope="col">What is looked for</th><th scope="col" class="num">Weight</th></tr></thead>
            <tbody>{Join(challenge.Rubric.Criteria, c => $"<tr><th scope=\"row\">{E(c.Key)}</th><td>{E(c.Description)}</td><td class=\"num\">{Percent(c.Weight)}</td></tr>")}</tbody>
            </table></div></section>
            <section aria-labelledby="leaderboard"><h2 id="leaderboard">Leaderboard</h2>
            {(board.Edges.Count == 0
                ? Cards.Empty("No scored submissions yet", "Be the first on the board.")
                : $"""
                  <div class="scroll" role="region" tabindex="0" aria-label="Leaderboard"><table class="data" id="board"><caption>Best score per candidate; ties go to the earlier submission</caption>
                  <thead><tr><th scope="col" class="num">Rank</th><th scope="col">Candidate</th><th scope="col" class="num">Best score</th><th scope="col">Submitted</th></tr></thead>
                  <tbody>{Join(board.Nodes, r => $"<tr><td class=\"num\">{E(r.Rank)}</td><td>{E(r.Handle)}</td><td class=\"num\">{E(r.BestScore)}</td><td>{Date(r.SubmittedAt)}</td></tr>")}</tbody>
                  </table></div>
                  """)}
            </section>
            """;
        return new Page($"{challenge.Title}: a {skill} challenge", $"A {challenge.Difficulty.ToLowerInvariant()} {skill} challenge: the brief, the rubric it is scored against and the leaderboard.", body);
    }

    private sealed record ChallengesData(Connection<ChallengeCard> Challenges);

    private sealed record ChallengeData(ChallengeDetail? Challenge, IReadOnlyList<SkillName> Skills);

    private sealed record SkillName(string Slug, string Name);

    private sealed record Criterion(string Key, string Description, double Weight);

    private sealed record Rubric(int Version, IReadOnlyList<Criterion> Criteria);

    private sealed record BoardRow(int Rank, string Handle, int BestScore, DateTimeOffset SubmittedAt);

    private sealed record ChallengeDetail(string Id, string Title, string Skill, string Brief, string Difficulty, int MaxAttempts, string Status,
        DateTimeOffset? ClosesAt, CompanyName? OwnerCompany, int SubmissionCount, double? AverageScore, Rubric Rubric, Connection<BoardRow> Leaderboard);
}
