using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Marten;

using Marketplace.Api.Infrastructure.Reliability;

namespace Marketplace.Api.Companies;

public sealed class CompanyType : ObjectGraphType<CompanyView>
{
    public CompanyType()
    {
        Name = "Company";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Slug);
        Field(x => x.Name);
        Field(x => x.Website, nullable: true);
        Field<NonNullGraphType<BooleanGraphType>>("awaitingApproval").Description("Registered by an account and not yet approved by an administrator.")
            .Resolve(c => c.Source.AwaitingApproval);
    }
}

public sealed class RegisterCompanyInput : IIdempotentInput
{
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string? Website { get; set; }
    public string? OwnerEmail { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class RegisterCompanyInputType : InputObjectGraphType<RegisterCompanyInput>
{
    public RegisterCompanyInputType()
    {
        Name = "RegisterCompanyInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("slug").Description("Lowercase letters, digits and hyphens; unique.");
        Field<StringGraphType>("website").Description("An http(s) URL.");
        Field<StringGraphType>("ownerEmail").Description("Administrators only: invites this email as the company's owner.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class CompanyPayloadType : ObjectGraphType<CompanyView>
{
    public CompanyPayloadType()
    {
        Name = "CompanyPayload";
        Field<NonNullGraphType<CompanyType>>("company").Resolve(c => c.Source);
    }
}

public static class CompanyMutations
{
    public static void AddCompanyMutations(this ObjectGraphType mutation) =>
        mutation.Mutation<CompanyPayloadType, RegisterCompanyInputType>("registerCompany",
                "Registers a company. An administrator's registration is approved at once (and may invite an owner); a signed-in account's waits for an administrator, and the account owns the company once approved.")
            .Authorise(actor => actor.Role == Roles.Admin ? null : (Guid?)TeamOperations.RequireAccount(actor))
            .Input<RegisterCompanyInput>()
            .Sends(async (c, input, account) =>
            {
                // After the key's look-up: a repeat of a registration that took the slug answers with that company instead.
                var taken = await c.Service<IQuerySession>().Query<CompanyView>().AnyAsync(x => x.Slug == input.Slug, c.CancellationToken);
                var created = Guid.CreateVersion7();
                if (account is { } owner)
                {
                    if (input.OwnerEmail is not null) throw new Forbidden("Only an administrator registers a company for someone else.");
                    var requester = new Requester(owner, await TeamOperations.ConfirmedEmail(c, owner));
                    return Command.About(created, new RegisterCompany(created, input.Name, input.Slug, input.Website, taken, RequestedBy: requester));
                }
                var invitation = input.OwnerEmail is { } email
                    ? new InviteMember(created, Guid.NewGuid(), email, CompanyRole.Owner, c.Actor().Subject ?? Guid.Empty, TeamOperations.Site(c))
                    : null;
                return Command.About(created, new RegisterCompany(created, input.Name, input.Slug, input.Website, taken, OwnerInvitation: invitation));
            })
            .Answers(TeamOperations.LoadCompany);
}
