namespace Marketplace.Projections.Companies;

public sealed class CompanyView
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string? Website { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
}
