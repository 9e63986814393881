using Marketplace.Api.Challenges;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Postings;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Skills;

/// <summary>The skill catalogue and each skill's hub, section by section as the page the product grew from.</summary>
public sealed class SkillPages(PageQueries queries)
{
    private const string AllSkills = "{ skills { slug name summary openPostingCount openChallengeCount } }";

    private const string OneSkill = $$"""
        query($slug: String!) { skill(slug: $slug) {
          slug name summary whatItIs whyItMatters careerPaths faq { question answer }
          openChallenges(first: 20) { totalCount edges { node { {{ChallengeCards.Fields}} } } }
          openPostings(first: 20) { totalCount edges { node { {{PostingCards.Fields}} } } } } }
        """;

    public async Task<Page> List(HttpContext http)
    {
        var data = await queries.Run<SkillsData>(http, Actor.Anonymous, AllSkills);
        return new Page("Skills", "Technical skills with open challenges to practise on and open positions at companies hiring for them.", $"""
            <h1>Skills</h1>
            <p class="lead">Pick a skill: learn what it is and why it matters, practise on real-world challenges with automated feedback, and find the companies hiring for it.</p>
            <ul class="cards skills">{Join(data.Skills, SkillCard)}</ul>
            """);
    }

    private static string SkillCard(SkillSummary s) => $"""
        <li class="card">
        <h2><a href="/skills/{E(s.Slug)}">{E(s.Name)}</a></h2>
        <p>{E(s.Summary)}</p>
        <p class="meta">{Count(s.OpenChallengeCount, "open challenge")} · {Count(s.OpenPostingCount, "open position")}</p>
        </li>
        """;

    private static string Count(int count, string noun) => $"{E(count)} {E(noun)}{(count == 1 ? "" : "s")}";

    public async Task<Page> Hub(HttpContext http, string slug)
    {
        var skill = (await queries.Run<SkillData>(http, Actor.Anonymous, OneSkill, new { slug })).Skill;
        if (skill is null) return Layout.NotFound("Skill");
        var name = E(skill.Name);
        var body = $"""
            <nav aria-label="Breadcrumb" class="crumbs"><a href="/skills">Skills</a> › <span aria-current="page">{name}</span></nav>
            <h1>{name}</h1>
            <p class="lead">{E(skill.Summary)}</p>
            <section aria-labelledby="what"><h2 id="what">What is {name}?</h2><p>{E(skill.WhatItIs)}</p></section>
            <section aria-labelledby="why"><h2 id="why">Why {name} matters for your career</h2><p>{E(skill.WhyItMatters)}</p></section>
            <section aria-labelledby="paths"><h2 id="paths">Career paths using {name}</h2>
            <ul class="paths">{Join(skill.CareerPaths, p => $"<li>{E(p)}</li>")}</ul></section>
            <section aria-labelledby="challenges" id="open-challenges"><h2 id="challenges">{name} challenges</h2>
            {ChallengeCards.List(skill.OpenChallenges, $"No {skill.Name} challenges yet", $"{skill.Name} challenges are coming soon.")}</section>
            <section aria-labelledby="positions" id="open-positions"><h2 id="positions">{name} positions</h2>
            {PostingCards.List(skill.OpenPostings, $"No {skill.Name} positions yet", $"New {skill.Name} positions are added regularly.")}</section>
            <section class="callout" aria-labelledby="practise"><h2 id="practise">Practise {name} with real-world challenges</h2>
            <p>Get AI-powered feedback on your work and connect directly with companies that are actively hiring {name} talent.
            {(skill.OpenChallenges.TotalCount > 0 ? "<a href=\"#open-challenges\">Pick a challenge</a>" : "<a href=\"/challenges\">Browse all challenges</a>")}</p></section>
            <section aria-labelledby="faq"><h2 id="faq">Frequently asked questions</h2>
            {Join(skill.Faq, f => $"<details><summary>{E(f.Question)}</summary><p>{E(f.Answer)}</p></details>")}</section>
            """;
        return new Page($"{skill.Name}: challenges, positions and career paths", skill.Summary, body)
        {
            JsonLd = StructuredData.Serialize(new()
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "FAQPage",
                ["name"] = $"{skill.Name} FAQ",
                ["mainEntity"] = skill.Faq.Select(f => new Dictionary<string, object>
                {
                    ["@type"] = "Question",
                    ["name"] = f.Question,
                    ["acceptedAnswer"] = new Dictionary<string, object> { ["@type"] = "Answer", ["text"] = f.Answer },
                }).ToList(),
            }),
        };
    }

    private sealed record SkillsData(IReadOnlyList<SkillSummary> Skills);

    private sealed record SkillSummary(string Slug, string Name, string Summary, int OpenPostingCount, int OpenChallengeCount);

    private sealed record SkillData(SkillHub? Skill);

    private sealed record Faq(string Question, string Answer);

    private sealed record SkillHub(string Slug, string Name, string Summary, string WhatItIs, string WhyItMatters,
        IReadOnlyList<string> CareerPaths, IReadOnlyList<Faq> Faq, Connection<ChallengeCard> OpenChallenges, Connection<PostingCard> OpenPostings);
}
