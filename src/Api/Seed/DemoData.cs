using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Companies;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Skills;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Submissions;
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

        var challenges = await LoadChallenges(demo, companies, session, progress, cancellation);
        await LoadCandidatesAndSubmissions(demo, challenges, session, progress, cancellation);
    }

    private async Task<Dictionary<string, ChallengeEntry>> LoadChallenges(DemoFile demo, Dictionary<string, Guid> companies,
        IQuerySession session, Action<string> progress, CancellationToken cancellation)
    {
        var created = 0;
        var byTitle = new Dictionary<string, ChallengeEntry>();
        foreach (var challenge in demo.Challenges)
        {
            var owner = challenge.Owner is null ? (Guid?)null : companies[challenge.Owner];
            var entry = challenge with { Id = DerivedId("challenge", challenge.Title) };
            byTitle[challenge.Title] = entry;
            if (await session.LoadAsync<ChallengeView>(entry.Id, cancellation) is not null) continue;
            await bus.InvokeAsync(new DraftChallenge(entry.Id, owner, new ChallengeDetails(challenge.Skill, challenge.Title, challenge.Brief,
                challenge.Difficulty, challenge.MaxAttempts, challenge.Rubric, null, null)), cancellation);
            await bus.InvokeAsync(new PublishChallenge(entry.Id, owner, null), cancellation);
            created++;
        }
        progress($"challenges: {created} added, {demo.Challenges.Count - created} already there");
        return byTitle;
    }

    private async Task LoadCandidatesAndSubmissions(DemoFile demo, Dictionary<string, ChallengeEntry> challenges,
        IQuerySession session, Action<string> progress, CancellationToken cancellation)
    {
        var candidates = new Dictionary<string, Guid>();
        var created = 0;
        foreach (var candidate in demo.Candidates)
        {
            var id = DerivedId("candidate", candidate.Key);
            candidates[candidate.Key] = id;
            if (await session.LoadAsync<CandidateView>(id, cancellation) is not null) continue;
            await bus.InvokeAsync(new RegisterCandidate(id, new CandidateProfile(candidate.DisplayName, candidate.Email,
                candidate.Headline, candidate.Skills, candidate.Discoverable)), cancellation);
            created++;
        }
        progress($"candidates: {created} added, {demo.Candidates.Count - created} already there");

        // Each candidate's n-th submission to a challenge is attempt n: already there when its stream exists.
        var submitted = new List<Guid>();
        foreach (var group in demo.Submissions.GroupBy(s => (s.Candidate, s.Challenge)))
        {
            var candidate = candidates[group.Key.Candidate];
            var challenge = challenges[group.Key.Challenge].Id;
            foreach (var (submission, attempt) in group.Select((s, i) => (s, i + 1)))
            {
                if (await session.LoadAsync<SubmissionView>(SubmissionIds.For(challenge, candidate, attempt), cancellation) is not null) continue;
                var accepted = await bus.InvokeAsync<SubmissionAccepted>(new SubmitToChallenge(challenge, candidate, submission.Content, null), cancellation);
                submitted.Add(accepted.SubmissionId);
            }
        }
        progress($"submissions: {submitted.Count} added; waiting for their feedback");
        await WaitForFeedback(submitted, progress, cancellation);
    }

    /// <summary>The review jobs run in the background; the demo is ready when every new submission has its feedback.</summary>
    private async Task WaitForFeedback(IReadOnlyList<Guid> submissions, Action<string> progress, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (submissions.Count > 0)
        {
            await using var session = store.QuerySession();
            var pending = (await session.LoadManyAsync<SubmissionView>(cancellation, submissions.ToArray()))
                .Count(s => s.Status == SubmissionStatus.FeedbackPending);
            if (pending == 0) break;
            if (DateTime.UtcNow > deadline)
            {
                progress($"feedback: {pending} still pending; they finish when the API runs");
                return;
            }
            await Task.Delay(200, cancellation);
        }
        progress($"feedback: ready for {submissions.Count} submissions");
    }

    /// <summary>The demo companies' ids: the demo's hiring history happens at their postings only.</summary>
    public static IReadOnlyList<Guid> CompanyIds() => Companies().Select(c => c.Id).ToList();

    /// <summary>The first demo candidate, who gets an account to sign in with: the account's id is the candidate's.</summary>
    public static (Guid Id, string Email) FirstCandidate()
    {
        var candidate = Read<DemoFile>("demo.json").Candidates[0];
        return (DerivedId("candidate", candidate.Key), candidate.Email);
    }

    public static IReadOnlyList<(Guid Id, string Slug)> Companies() =>
        Read<DemoFile>("demo.json").Companies.Select(c => (DerivedId("company", c.Slug), c.Slug)).ToList();

    private static T Read<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(SeedFile(name)), Json)
        ?? throw new InvalidOperationException($"{name} is empty.");

    private static Guid DerivedId(string kind, string key) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"marketplace-demo/{kind}/{key}")));

    private sealed record SkillEntry(string Slug, string Name, string Summary, string WhatItIs, string WhyItMatters,
        List<string> CareerPaths, List<FaqEntry> Faq);

    private sealed record DemoFile(List<CompanyEntry> Companies, List<PostingEntry> Postings,
        List<ChallengeEntry> Challenges, List<CandidateEntry> Candidates, List<SubmissionEntry> Submissions);

    private sealed record ChallengeEntry(string? Owner, string Skill, string Title, string Brief, Difficulty Difficulty, int MaxAttempts,
        List<Criterion> Rubric)
    {
        public Guid Id { get; init; }
    }

    private sealed record CandidateEntry(string Key, string DisplayName, string Email, string? Headline, List<string> Skills, bool Discoverable);

    private sealed record SubmissionEntry(string Candidate, string Challenge, string Content);

    private sealed record CompanyEntry(string Name, string Slug, string? Website);

    private sealed record PostingEntry(string Company, string Title, string Role, Seniority Seniority, List<string> Skills,
        string? Location, RemotePolicy RemotePolicy, Salary? Salary, string Description, int? Openings, bool? BlindReview, bool Publish);
}
