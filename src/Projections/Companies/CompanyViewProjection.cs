using JasperFx.Events;
using Marketplace.Domain.Companies;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Companies;

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
}
