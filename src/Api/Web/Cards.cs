using Marketplace.Api.GraphQL.Common;
using static Marketplace.Api.Web.Html;

namespace Marketplace.Api.Web;

public sealed record CompanyName(string Name, string? Website = null);

public sealed record SalaryRange(int Min, int Max, string Currency);

public sealed record PostingCard(string Id, string Title, string Role, string Seniority, string? Location, string RemotePolicy,
    CompanyName Company, SalaryRange? Salary);

public sealed record ChallengeCard(string Id, string Title, string Skill, string Difficulty, int SubmissionCount, CompanyName? OwnerCompany);

/// <summary>The lists of open postings and challenges, the same on a skill's hub and on the pages that list them all.</summary>
public static class Cards
{
    public const string PostingFields = "id title role seniority location remotePolicy company { name } salary { min max currency }";
    public const string ChallengeFields = "id title skill difficulty submissionCount ownerCompany { name }";

    public static string Postings(Connection<PostingCard> postings, string emptyTitle, string emptyText) =>
        postings.Edges.Count == 0
            ? Empty(emptyTitle, emptyText, "/postings", "Browse all openings")
            : $"""<ul class="cards">{Join(postings.Nodes, Posting)}</ul>{More(postings)}""";

    public static string Challenges(Connection<ChallengeCard> challenges, string emptyTitle, string emptyText) =>
        challenges.Edges.Count == 0
            ? Empty(emptyTitle, emptyText, "/challenges", "Browse all challenges")
            : $"""<ul class="cards">{Join(challenges.Nodes, Challenge)}</ul>{More(challenges)}""";

    private static string Posting(PostingCard p) => $"""
        <li class="card posting">
        <h3><a href="/postings/{E(p.Id)}">{E(p.Title)}</a></h3>
        <p class="meta">{E(p.Company.Name)} · {E(p.Role)} · {Words(p.Seniority)} level</p>
        <p class="meta">{Where(p.Location, p.RemotePolicy)}{(p.Salary is { } s ? " · " + Salary(s) : "")}</p>
        </li>
        """;

    private static string Challenge(ChallengeCard c) => $"""
        <li class="card challenge">
        <h3><a href="/challenges/{E(c.Id)}">{E(c.Title)}</a></h3>
        <p class="meta">{Words(c.Difficulty)} · by {E(c.OwnerCompany?.Name ?? "Marketplace")} · {E(c.SubmissionCount)} {(c.SubmissionCount == 1 ? "submission" : "submissions")}</p>
        </li>
        """;

    public static string Where(string? location, string remotePolicy) =>
        location is { Length: > 0 } ? $"{E(location)} · {Words(remotePolicy)}" : Words(remotePolicy);

    public static string Salary(SalaryRange s) =>
        $"{E(s.Currency)} {s.Min.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}–{s.Max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} a year";

    /// <summary>An honest empty state: what is missing, and where to go instead when there is somewhere.</summary>
    public static string Empty(string title, string text, string? href = null, string? link = null) => $"""
        <div class="empty" role="status">
        <p class="empty-title">{E(title)}</p>
        <p>{E(text)}{(href is null ? "" : $""" <a href="{href}">{E(link)}</a>""")}</p>
        </div>
        """;

    private static string More<T>(Connection<T> connection) =>
        connection.TotalCount > connection.Edges.Count ? $"""<p class="meta">Showing {E(connection.Edges.Count)} of {E(connection.TotalCount)}.</p>""" : "";
}
