using JasperFx.Events;
using Marketplace.Domain.Companies;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Companies;

public sealed class CompanyView
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string? Website { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>Registered by an account and not yet approved by an administrator.</summary>
    public bool AwaitingApproval { get; set; }
}

public partial class CompanyViewProjection : SingleStreamProjection<CompanyView, Guid>
{
    public CompanyView Create(IEvent<CompanyRegistered> e) => new()
    {
        Id = e.Data.CompanyId,
        Name = e.Data.Name,
        Slug = e.Data.Slug,
        Website = e.Data.Website,
        RegisteredAt = Common.Timestamps.Micro(e.Timestamp),
    };

    public CompanyView Create(IEvent<CompanyRequested> e) => new()
    {
        Id = e.Data.CompanyId,
        Name = e.Data.Name,
        Slug = e.Data.Slug,
        Website = e.Data.Website,
        RegisteredAt = Common.Timestamps.Micro(e.Timestamp),
        AwaitingApproval = true,
    };

    public void Apply(CompanyApproved e, CompanyView view) => view.AwaitingApproval = false;
}
