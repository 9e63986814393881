using Marketplace.Api.Infrastructure.Identity;
using Shouldly;
using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

/// <summary>A company with a member's token, registered through the API by an administrator.</summary>
public sealed record TestCompany(Guid Id, string Slug, string Token);

/// <summary>Steps of the user stories, so a test reads as one.</summary>
public static class Scenarios
{
    public const string PostingFields = "id version title role seniority skills location remotePolicy openings blindReview status closeReason publishedAt expiresOn salary { min max currency } company { id name slug }";

    public static async Task<TestCompany> RegisterCompany(this AppFixture app, string? name = null)
    {
        var slug = "co-" + Guid.NewGuid().ToString("N")[..12];
        var response = await app.Host.GraphQL(
            "mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id slug name website } } }",
            new { input = new { name = name ?? $"Company {slug}", slug, website = $"https://{slug}.example" } },
            app.Token(Roles.Admin));
        var id = Guid.Parse(response.Data("registerCompany.company.id").GetString()!);
        return new TestCompany(id, slug, app.Token(Roles.Company, company: id));
    }

    public static object PostingInput(string title = "Senior Backend Engineer, Orders", string[]? skills = null,
        string seniority = "SENIOR", string remotePolicy = "REMOTE", int? salaryMax = 120000, string role = "Senior Backend Engineer",
        string description = "Design and run the services that take orders from checkout to delivery.") => new
    {
        title,
        role,
        seniority,
        skills = skills ?? ["microservices"],
        location = "Berlin, DE",
        remotePolicy,
        salary = salaryMax is { } max ? new { min = max - 20000, max, currency = "EUR" } : null,
        description,
    };

    /// <summary>The default posting input as a map, so a test can add or change fields.</summary>
    public static IReadOnlyDictionary<string, object?> PostingInputMap(string title = "Senior Backend Engineer, Orders") =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(System.Text.Json.JsonSerializer.Serialize(PostingInput(title)))!;

    public static Task<GraphQLResponse> DraftPosting(this AppFixture app, string? token, object input) =>
        app.Host.GraphQL($"mutation($input: DraftPostingInput!) {{ draftPosting(input: $input) {{ posting {{ {PostingFields} }} }} }}",
            new { input }, token);

    public static async Task<Guid> DraftedPosting(this AppFixture app, TestCompany company, object? input = null)
    {
        var response = await app.DraftPosting(company.Token, input ?? PostingInput());
        return Guid.Parse(response.Data("draftPosting.posting.id").GetString()!);
    }

    public static async Task<Guid> PublishedPosting(this AppFixture app, TestCompany company, object? input = null)
    {
        var id = await app.DraftedPosting(company, input);
        (await app.Lifecycle("publishPosting", company.Token, new { postingId = id })).Data().ValueKind.ShouldBe(JsonValueKind.Object);
        return id;
    }

    /// <summary>publishPosting, closePosting, reopenPosting or revisePosting with the given input.</summary>
    public static Task<GraphQLResponse> Lifecycle(this AppFixture app, string mutation, string? token, object input)
    {
        var inputType = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Input";
        return app.Host.GraphQL($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ posting {{ {PostingFields} }} }} }}",
            new { input }, token);
    }

    public static async Task<JsonElement?> Posting(this AppFixture app, Guid id, string? token = null)
    {
        var posting = (await app.Host.GraphQL($"query($id: ID!) {{ posting(id: $id) {{ {PostingFields} }} }}", new { id }, token)).Data("posting");
        return posting.ValueKind == JsonValueKind.Null ? null : posting;
    }
}
