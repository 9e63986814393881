using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
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
    }
}

public sealed class RegisterCompanyInput : IIdempotentInput
{
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string? Website { get; set; }
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
        mutation.Mutation<CompanyPayloadType, RegisterCompanyInputType>("registerCompany", "Registers a company (administrators only).")
            .Authorise(actor => actor.RequireAdmin())
            .Input<RegisterCompanyInput>()
            .Sends(async (c, input, _) =>
            {
                // After the key's look-up: a repeat of a registration that took the slug answers with that company instead.
                var taken = await c.Service<IQuerySession>().Query<CompanyView>().AnyAsync(x => x.Slug == input.Slug, c.CancellationToken);
                var created = Guid.CreateVersion7();
                return Command.About(created, new RegisterCompany(created, input.Name, input.Slug, input.Website, taken));
            })
            .Answers(async (c, id) => await c.Service<IQuerySession>().LoadAsync<CompanyView>(id, c.CancellationToken) ?? throw new NotFound("Company", id));
}
