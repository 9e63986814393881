using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Companies;

/// <summary>The signed-in account that registers a company for itself, and becomes its owner once approved.</summary>
public sealed record Requester(Guid AccountId, string Email);

/// <param name="SlugTaken">Whether a registered company has the slug already, as the caller read it: slugs are unique.</param>
/// <param name="RequestedBy">Set when an account registers its own company: it waits for an administrator's approval.</param>
/// <param name="OwnerInvitation">Set when an administrator registers a company for someone: they are invited as its owner.</param>
public sealed record RegisterCompany(
    Guid CompanyId, string Name, string Slug, string? Website, bool SlugTaken = false,
    Requester? RequestedBy = null, InviteMember? OwnerInvitation = null);

public static class RegisterCompanyHandler
{
    public static void Validate(RegisterCompany command)
    {
        Input.Text("name", command.Name, 2, 120);
        Input.Slug("slug", command.Slug);
        Input.OptionalUrl("website", command.Website);
        if (command.OwnerInvitation is { } invitation) InviteMemberHandler.Validate(invitation);
    }

    public static (IStartStream, OutgoingMessages) Handle(RegisterCompany command, DateTimeOffset now)
    {
        if (command.SlugTaken) throw new ValidationFailed("slug", $"The slug '{command.Slug}' is taken.");
        var name = command.Name.Trim();
        if (command.RequestedBy is { } owner)
            return (MartenOps.StartStream<Company>(command.CompanyId,
                new CompanyRequested(command.CompanyId, name, command.Slug, command.Website, owner.AccountId, owner.Email)), []);
        var registered = new CompanyRegistered(command.CompanyId, name, command.Slug, command.Website);
        return command.OwnerInvitation is { } invite
            ? (MartenOps.StartStream<Company>(command.CompanyId, registered, InviteMemberHandler.Invited(invite, now)), [InviteMemberHandler.Mail(invite)])
            : (MartenOps.StartStream<Company>(command.CompanyId, registered), []);
    }
}

public sealed record ApproveCompany(Guid CompanyId);

[AggregateHandler]
public static class ApproveCompanyHandler
{
    public static Events Handle(ApproveCompany command, Company? company, DateTimeOffset now)
    {
        if (company is null) throw new NotFound("Company", command.CompanyId);
        if (company.Approved) return [];
        return [new CompanyApproved(company.Id, company.Members.FirstOrDefault(m => m.Role == CompanyRole.Owner)?.AccountId, now)];
    }
}
