namespace Marketplace.Domain.Challenges;

/// <summary>One thing a challenge's rubric scores; the weights of a rubric sum to 1.</summary>
public sealed record Criterion(string Key, string Description, double Weight);
