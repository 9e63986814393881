using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Companies;

/// <param name="SlugTaken">Whether a registered company has the slug already, as the caller read it: slugs are unique.</param>
public sealed record RegisterCompany(Guid CompanyId, string Name, string Slug, string? Website, bool SlugTaken = false);

public static class RegisterCompanyHandler
{
    public static void Validate(RegisterCompany command)
    {
        Input.Text("name", command.Name, 2, 120);
        Input.Slug("slug", command.Slug);
        Input.OptionalUrl("website", command.Website);
    }

    public static IStartStream Handle(RegisterCompany command) =>
        command.SlugTaken
            ? throw new ValidationFailed("slug", $"The slug '{command.Slug}' is taken.")
            : MartenOps.StartStream<Company>(command.CompanyId,
                new CompanyRegistered(command.CompanyId, command.Name.Trim(), command.Slug, command.Website));
}
