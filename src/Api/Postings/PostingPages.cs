using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Postings;

/// <summary>The open positions, and one posting's page with schema.org JobPosting data for search engines.</summary>
public sealed class PostingPages(PageQueries queries)
{
    private const string Open = $$"""{ postings(first: 50) { totalCount edges { node { {{PostingCards.Fields}} } } } }""";

    private const string One = """
        query($id: ID!) { posting(id: $id) {
          id title role seniority skills location remotePolicy salary { min max currency } description openings status
          publishedAt expiresOn company { name website } } }
        """;

    public async Task<Page> List(HttpContext http)
    {
        var postings = (await queries.Run<PostingsData>(http, Actor.Anonymous, Open)).Postings;
        return new Page("Open positions", "Open positions at companies hiring for technical skills, newest first.", $"""
            <h1>Open positions</h1>
            <p class="lead">Companies hiring now, newest first. Each skill's page lists the positions that ask for it.</p>
            {PostingCards.List(postings, "No open positions yet", "New positions are added regularly.")}
            """);
    }

    public async Task<Page> Show(HttpContext http, string id)
    {
        var posting = (await queries.Run<PostingData>(http, Actor.Anonymous, One, new { id })).Posting;
        if (posting is null) return Layout.NotFound("Position");
        var body = $"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/postings">Open positions</a> › <span aria-current="page">{E(posting.Title)}</span></nav>
            <h1>{E(posting.Title)}</h1>
            <p class="lead">{E(posting.Company.Name)} · {E(posting.Role)} · {Words(posting.Seniority)} level</p>
            <dl class="facts">
            <dt>Where</dt><dd>{PostingCards.Where(posting.Location, posting.RemotePolicy)}</dd>
            {(posting.Salary is { } salary ? $"<dt>Salary</dt><dd>{PostingCards.Salary(salary)}</dd>" : "")}
            <dt>Openings</dt><dd>{E(posting.Openings)}</dd>
            <dt>Skills</dt><dd><ul class="tags">{Join(posting.Skills, s => $"<li><a href=\"/skills/{E(s)}\">{E(s)}</a></li>")}</ul></dd>
            {(posting.PublishedAt is { } published ? $"<dt>Posted</dt><dd>{Date(published)}</dd>" : "")}
            {(posting.ExpiresOn is { } expires ? $"<dt>Open until</dt><dd>{E(expires.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture))}</dd>" : "")}
            </dl>
            <section aria-labelledby="about"><h2 id="about">About the position</h2>{Markdown(posting.Description)}</section>
            {(posting.Status == "OPEN" ? $"<p><a class=\"button\" href=\"/postings/{E(Uri.EscapeDataString(posting.Id))}/apply\">Apply</a></p>" : "")}
            <p class="callout">Candidates apply with their challenge work as evidence, here or through the <a href="/graphql">Marketplace API</a>.</p>
            """;
        return new Page($"{posting.Title} at {posting.Company.Name}", Summary(posting), body) { JsonLd = JobPosting(http, posting) };
    }

    private static string Summary(PostingDetail p) =>
        $"{p.Company.Name} is hiring: {p.Title} ({p.Role}, {p.Seniority.ToLowerInvariant()}), {p.Location ?? p.RemotePolicy.ToLowerInvariant()}.";

    /// <summary>schema.org JobPosting, the structured data search engines read for job listings.</summary>
    private static string JobPosting(HttpContext http, PostingDetail p) => StructuredData.Serialize(new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "JobPosting",
        ["title"] = p.Title,
        ["description"] = Markdown(p.Description),
        ["identifier"] = new Dictionary<string, object> { ["@type"] = "PropertyValue", ["name"] = p.Company.Name, ["value"] = p.Id },
        ["datePosted"] = p.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd"),
        ["validThrough"] = p.ExpiresOn?.ToString("yyyy-MM-dd"),
        ["occupationalCategory"] = p.Role,
        ["skills"] = string.Join(", ", p.Skills),
        ["totalJobOpenings"] = p.Openings,
        ["url"] = $"{http.Request.Scheme}://{http.Request.Host}/postings/{p.Id}",
        ["hiringOrganization"] = new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = p.Company.Name, ["sameAs"] = p.Company.Website }
            .Where(x => x.Value is not null).ToDictionary(),
        ["jobLocationType"] = p.RemotePolicy == "REMOTE" ? "TELECOMMUTE" : null,
        ["jobLocation"] = p.Location is { Length: > 0 } location
            ? new Dictionary<string, object> { ["@type"] = "Place", ["address"] = new Dictionary<string, object> { ["@type"] = "PostalAddress", ["addressLocality"] = location } }
            : null,
        ["baseSalary"] = p.Salary is { } s
            ? new Dictionary<string, object>
            {
                ["@type"] = "MonetaryAmount",
                ["currency"] = s.Currency,
                ["value"] = new Dictionary<string, object> { ["@type"] = "QuantitativeValue", ["minValue"] = s.Min, ["maxValue"] = s.Max, ["unitText"] = "YEAR" },
            }
            : null,
    });

    private sealed record PostingsData(Connection<PostingCard> Postings);

    private sealed record PostingData(PostingDetail? Posting);

    private sealed record PostingDetail(string Id, string Title, string Role, string Seniority, IReadOnlyList<string> Skills, string? Location,
        string RemotePolicy, SalaryRange? Salary, string Description, int Openings, string Status, DateTimeOffset? PublishedAt, DateOnly? ExpiresOn,
        CompanyName Company);
}
