using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Candidates;
using Marketplace.Projections.Candidates;
using Marten;
using Wolverine;

using Marketplace.Api.Infrastructure.Reliability;

namespace Marketplace.Api.Candidates;

/// <summary>What a company sees of a candidate: under blind review only the handle, until INTERVIEW.</summary>
public sealed record CandidateCard(string Handle, string? DisplayName, string? Email, string? Headline);

public sealed class CandidateCardType : ObjectGraphType<CandidateCard>
{
    public CandidateCardType()
    {
        Name = "CandidateCard";
        Description = "A candidate as a company sees them; name, email and headline are null under blind review.";
        Field(x => x.Handle);
        Field(x => x.DisplayName, nullable: true);
        Field(x => x.Email, nullable: true);
        Field(x => x.Headline, nullable: true);
    }
}

public sealed class CandidateType : ObjectGraphType<CandidateView>
{
    public CandidateType()
    {
        Name = "Candidate";
        Description = "A candidate's own profile, as only they see it.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Version);
        Field(x => x.Handle).Description("The pseudonym others see.");
        Field(x => x.DisplayName);
        Field(x => x.Email);
        Field(x => x.Headline, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skills").Resolve(c => c.Source.Skills);
        Field(x => x.Discoverable).Description("Whether companies hiring for your skills may find and invite you.");
    }
}

public sealed class CandidateInput : IIdempotentInput
{
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? Headline { get; set; }
    public List<string>? Skills { get; set; }
    public bool? Discoverable { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class RegisterCandidateInputType : InputObjectGraphType<CandidateInput>
{
    public RegisterCandidateInputType()
    {
        Name = "RegisterCandidateInput";
        Field<NonNullGraphType<StringGraphType>>("displayName");
        Field<NonNullGraphType<StringGraphType>>("email");
        Field<StringGraphType>("headline");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skills").Description("Skill slugs from the catalogue.");
        Field<BooleanGraphType>("discoverable").Description("False when omitted.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class UpdateCandidateProfileInputType : InputObjectGraphType<CandidateInput>
{
    public UpdateCandidateProfileInputType()
    {
        Name = "UpdateCandidateProfileInput";
        Description = "Fields left out keep their value.";
        Field<StringGraphType>("displayName");
        Field<StringGraphType>("email");
        Field<StringGraphType>("headline");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skills");
        Field<BooleanGraphType>("discoverable");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class CandidatePayloadType : ObjectGraphType<CandidateView>
{
    public CandidatePayloadType()
    {
        Name = "CandidatePayload";
        Field<NonNullGraphType<CandidateType>>("candidate").Resolve(c => c.Source);
    }
}

public static class CandidateMutations
{
    public static void AddCandidateMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<CandidatePayloadType, RegisterCandidateInputType>("registerCandidate",
                "Creates your candidate profile; its id is your token's subject.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<CandidateInput>()
            .Sends(async (c, input, candidate) =>
            {
                var skills = input.Skills ?? [];
                await Catalogue.RequireSkills(c, skills);
                return Command.About(candidate, new RegisterCandidate(candidate, new CandidateProfile(
                    input.DisplayName ?? "", input.Email ?? "", input.Headline, skills, input.Discoverable ?? false)));
            })
            .Answers(Load);

        mutation.Mutation<CandidatePayloadType, UpdateCandidateProfileInputType>("updateCandidateProfile",
                "Changes your profile; fields left out keep their value.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<CandidateInput>()
            .Sends(async (c, input, candidate) =>
            {
                if (input.Skills is not null) await Catalogue.RequireSkills(c, input.Skills);
                return Command.About(candidate, new UpdateCandidateProfile(candidate, input.ExpectedVersion,
                    input.DisplayName, input.Email, input.Headline, input.Skills, input.Discoverable));
            })
            .Answers(Load);
    }

    private static async Task<CandidateView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<CandidateView>(id, context.CancellationToken)
        ?? throw new Domain.Common.NotFound("Candidate", id);
}
