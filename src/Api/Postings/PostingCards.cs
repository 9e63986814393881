using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Postings;

public sealed record SalaryRange(int Min, int Max, string Currency);

public sealed record PostingCard(string Id, string Title, string Role, string Seniority, string? Location, string RemotePolicy,
    CompanyName Company, SalaryRange? Salary);

/// <summary>The list of open postings, the same on a skill's hub and on the page that lists them all.</summary>
public static class PostingCards
{
    public const string Fields = "id title role seniority location remotePolicy company { name } salary { min max currency }";

    public static string List(Connection<PostingCard> postings, string emptyTitle, string emptyText) =>
        Cards.List(postings, Card, emptyTitle, emptyText, "/postings", "Browse all openings");

    private static string Card(PostingCard p) => $"""
        <li class="card posting">
        <h3><a href="/postings/{E(p.Id)}">{E(p.Title)}</a></h3>
        <p class="meta">{E(p.Company.Name)} · {E(p.Role)} · {Words(p.Seniority)} level</p>
        <p class="meta">{Where(p.Location, p.RemotePolicy)}{(p.Salary is { } s ? " · " + Salary(s) : "")}</p>
        </li>
        """;

    public static string Where(string? location, string remotePolicy) =>
        location is { Length: > 0 } ? $"{E(location)} · {Words(remotePolicy)}" : Words(remotePolicy);

    public static string Salary(SalaryRange s) =>
        $"{E(s.Currency)} {s.Min.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}–{s.Max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} a year";
}
