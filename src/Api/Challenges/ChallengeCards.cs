using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Challenges;

public sealed record ChallengeCard(string Id, string Title, string Skill, string Difficulty, int SubmissionCount, CompanyName? OwnerCompany);

/// <summary>The list of open challenges, the same on a skill's hub and on the page that lists them all.</summary>
public static class ChallengeCards
{
    public const string Fields = "id title skill difficulty submissionCount ownerCompany { name }";

    public static string List(Connection<ChallengeCard> challenges, string emptyTitle, string emptyText) =>
        Cards.List(challenges, Card, emptyTitle, emptyText, "/challenges", "Browse all challenges");

    private static string Card(ChallengeCard c) => $"""
        <li class="card challenge">
        <h3><a href="/challenges/{E(c.Id)}">{E(c.Title)}</a></h3>
        <p class="meta">{Words(c.Difficulty)} · by {E(c.OwnerCompany?.Name ?? "Marketplace")} · {E(c.SubmissionCount)} {(c.SubmissionCount == 1 ? "submission" : "submissions")}</p>
        </li>
        """;
}
