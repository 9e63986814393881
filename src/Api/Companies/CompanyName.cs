namespace Marketplace.Api.Companies;

/// <summary>A company as a card names it.</summary>
public sealed record CompanyName(string Name, string? Website = null);
