namespace Marketplace.Domain.Skills;

/// <summary>The skill catalogue is reference data kept as documents, not an event stream.</summary>
public sealed record Skill(
    string Id,
    string Name,
    string Summary,
    string WhatItIs,
    string WhyItMatters,
    IReadOnlyList<string> CareerPaths,
    IReadOnlyList<FaqEntry> Faq,
    int Position)
{
    public string Slug => Id;
}

public sealed record FaqEntry(string Question, string Answer);
