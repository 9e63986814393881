namespace Marketplace.Domain.Companies;

public sealed record CompanyRegistered(Guid CompanyId, string Name, string Slug, string? Website);

public sealed record Company(Guid Id, string Name, string Slug, string? Website)
{
    public int Version { get; set; }

    public static Company Create(CompanyRegistered e) => new(e.CompanyId, e.Name, e.Slug, e.Website);
}
