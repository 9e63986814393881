using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Domain.Challenges;
using Marketplace.Projections.Challenges;

namespace Marketplace.Api.Challenges;

public sealed class CriterionInput
{
    public string Key { get; set; } = "";
    public string Description { get; set; } = "";
    public double Weight { get; set; }
    public Criterion ToCriterion() => new(Key, Description, Weight);
}

public sealed class CriterionInputType : InputObjectGraphType<CriterionInput>
{
    public CriterionInputType()
    {
        Name = "CriterionInput";
        Field(x => x.Key).Description("Lowercase letters, digits and hyphens; unique in the rubric.");
        Field(x => x.Description);
        Field(x => x.Weight).Description("Greater than 0; the rubric's weights sum to 1.");
    }
}

public sealed class ChallengeInput : IIdempotentInput
{
    public string? ChallengeId { get; set; }
    public string? Skill { get; set; }
    public string? Title { get; set; }
    public string? Brief { get; set; }
    public Difficulty? Difficulty { get; set; }
    public int? MaxAttempts { get; set; }
    public List<CriterionInput>? Rubric { get; set; }
    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class DraftChallengeInputType : InputObjectGraphType<ChallengeInput>
{
    public DraftChallengeInputType()
    {
        Name = "DraftChallengeInput";
        Description = "A company member drafts for their company, an administrator for the platform.";
        Field<NonNullGraphType<StringGraphType>>("skill").Description("A skill slug from the catalogue.");
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<NonNullGraphType<StringGraphType>>("brief").Description("Markdown.");
        Field<NonNullGraphType<DifficultyType>>("difficulty");
        Field<IntGraphType>("maxAttempts").Description($"Attempts per candidate, {ChallengeRules.DefaultMaxAttempts} when omitted.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CriterionInputType>>>>("rubric");
        Field<DateTimeScalar>("opensAt");
        Field<DateTimeScalar>("closesAt");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class ReviseChallengeInputType : InputObjectGraphType<ChallengeInput>
{
    public ReviseChallengeInputType()
    {
        Name = "ReviseChallengeInput";
        Description = "Fields left out keep their value; a changed rubric gets the next rubric version.";
        Field<NonNullGraphType<IdGraphType>>("challengeId");
        Field<StringGraphType>("title");
        Field<StringGraphType>("brief");
        Field<DifficultyType>("difficulty");
        Field<IntGraphType>("maxAttempts");
        Field<ListGraphType<NonNullGraphType<CriterionInputType>>>("rubric");
        Field<DateTimeScalar>("opensAt");
        Field<DateTimeScalar>("closesAt");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class ChallengeIdInputType : InputObjectGraphType<ChallengeInput>
{
    public ChallengeIdInputType()
    {
        Name = "ChallengeIdInput";
        Field<NonNullGraphType<IdGraphType>>("challengeId");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class ChallengePayloadType : ObjectGraphType<ChallengeView>
{
    public ChallengePayloadType()
    {
        Name = "ChallengePayload";
        Field<NonNullGraphType<ChallengeType>>("challenge").Resolve(c => c.Source);
    }
}
