using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Companies;

public sealed record RegisterCompany(Guid CompanyId, string Name, string Slug, string? Website);

public static class RegisterCompanyHandler
{
    public static void Validate(RegisterCompany command)
    {
        Input.Text("name", command.Name, 2, 120);
        Input.Slug("slug", command.Slug);
        Input.OptionalUrl("website", command.Website);
    }

    public static IStartStream Handle(RegisterCompany command) =>
        MartenOps.StartStream<Company>(command.CompanyId,
            new CompanyRegistered(command.CompanyId, command.Name.Trim(), command.Slug, command.Website));
}
