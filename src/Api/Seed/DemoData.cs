using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Domain.Companies;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Skills;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Postings;
using Marten;
using Wolverine;

namespace Marketplace.Api.Seed;

/// <summary>
/// Loads the skill catalogue (always brought up to date) and the demo companies and postings (each only once:
/// ids are derived from the data, so a second run finds them and skips them).
/// </summary>
public sealed class DemoData(IDocumentStore store, IMessageBus bus)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static string SeedFile(string name) => Path.Combine(AppContext.BaseDirectory, "Seed", name);

    public async Task LoadSkills(Action<string> progress, CancellationToken cancellation = default)
    {
        var entries = Read<List<SkillEntry>>("skills.json");
        await using var session = store.LightweightSession();
        session.Store(entries.Select((s, position) =>
            new Skill(s.Slug, s.Name, s.Summary, s.WhatItIs, s.WhyItMatters, s.CareerPaths, s.Faq, position)).ToArray());
        await session.SaveChangesAsync(cancellation);
        progress($"skills: {entries.Count} in the catalogue");
    }

    public async Task LoadDemo(Action<string> progress, CancellationToken cancellation = default)
    {
        var demo = Read<DemoFile>("demo.json");
        await using var session = store.QuerySession();
        var companies = new Dictionary<string, Guid>();
        var created = 0;
        foreach (var company in demo.Companies)
        {
            var id = DerivedId("company", company.Slug);
            companies[company.Slug] = id;
            if (await session.LoadAsync<CompanyView>(id, cancellation) is not null) continue;
            await bus.InvokeAsync(new RegisterCompany(id, company.Name, company.Slug, company.Website), cancellation);
            created++;
        }
        progress($"companies: {created} added, {demo.Companies.Count - created} already there");

        created = 0;
        foreach (var (posting, index) in demo.Postings.Select((p, i) => (p, i)))
        {
            var companyId = companies[posting.Company];
            var id = DerivedId("posting", $"{posting.Company}/{posting.Title}");
            if (await session.LoadAsync<PostingView>(id, cancellation) is not null) continue;
            await bus.InvokeAsync(new DraftPosting(id, companyId, new PostingDetails(posting.Title, posting.Role,
                posting.Seniority, posting.Skills, posting.Location, posting.RemotePolicy, posting.Salary,
                posting.Description, posting.Openings ?? 1, posting.BlindReview ?? false)), cancellation);
            if (posting.Publish) await bus.InvokeAsync(new PublishPosting(id, companyId, null, null), cancellation);
            created++;
            progress($"postings: {index + 1}/{demo.Postings.Count} {posting.Title}");
        }
        progress($"postings: {created} added, {demo.Postings.Count - created} already there");
    }

    private static T Read<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(SeedFile(name)), Json)
        ?? throw new InvalidOperationException($"{name} is empty.");

    private static Guid DerivedId(string kind, string key) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"marketplace-demo/{kind}/{key}")));

    private sealed record SkillEntry(string Slug, string Name, string Summary, string WhatItIs, string WhyItMatters,
        List<string> CareerPaths, List<FaqEntry> Faq);

    private sealed record DemoFile(List<CompanyEntry> Companies, List<PostingEntry> Postings);

    private sealed record CompanyEntry(string Name, string Slug, string? Website);

    private sealed record PostingEntry(string Company, string Title, string Role, Seniority Seniority, List<string> Skills,
        string? Location, RemotePolicy RemotePolicy, Salary? Salary, string Description, int? Openings, bool? BlindReview, bool Publish);
}
