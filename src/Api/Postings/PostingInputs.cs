using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Domain.Postings;

namespace Marketplace.Api.Postings;

public sealed class SalaryInput
{
    public int Min { get; set; }
    public int Max { get; set; }
    public string Currency { get; set; } = "";
    public Salary ToSalary() => new(Min, Max, Currency);
}

public sealed class SalaryInputType : InputObjectGraphType<SalaryInput>
{
    public SalaryInputType()
    {
        Name = "SalaryInput";
        Field(x => x.Min);
        Field(x => x.Max);
        Field(x => x.Currency);
    }
}

public sealed class DraftPostingInput : IIdempotentInput
{
    public string Title { get; set; } = "";
    public string Role { get; set; } = "";
    public Seniority Seniority { get; set; }
    public List<string> Skills { get; set; } = [];
    public string? Location { get; set; }
    public RemotePolicy RemotePolicy { get; set; }
    public SalaryInput? Salary { get; set; }
    public string Description { get; set; } = "";
    public int? Openings { get; set; }
    public bool? BlindReview { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class DraftPostingInputType : InputObjectGraphType<DraftPostingInput>
{
    public DraftPostingInputType()
    {
        Name = "DraftPostingInput";
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<NonNullGraphType<StringGraphType>>("role").Description("The career path, e.g. Senior Backend Engineer.");
        Field<NonNullGraphType<SeniorityType>>("seniority");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skills").Description("Skill slugs from the catalogue.");
        Field<StringGraphType>("location");
        Field<NonNullGraphType<RemotePolicyType>>("remotePolicy");
        Field<SalaryInputType>("salary");
        Field<NonNullGraphType<StringGraphType>>("description").Description("Markdown.");
        Field<IntGraphType>("openings").Description("How many people the company hires for it; 1 when omitted.");
        Field<BooleanGraphType>("blindReview").Description("Hide candidates' names until interview.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class RevisePostingInput : IIdempotentInput
{
    public string PostingId { get; set; } = "";
    public string? Title { get; set; }
    public string? Role { get; set; }
    public Seniority? Seniority { get; set; }
    public List<string>? Skills { get; set; }
    public string? Location { get; set; }
    public RemotePolicy? RemotePolicy { get; set; }
    public SalaryInput? Salary { get; set; }
    public string? Description { get; set; }
    public int? Openings { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class RevisePostingInputType : InputObjectGraphType<RevisePostingInput>
{
    public RevisePostingInputType()
    {
        Name = "RevisePostingInput";
        Description = "Fields left out keep their value.";
        Field<NonNullGraphType<IdGraphType>>("postingId");
        Field<StringGraphType>("title");
        Field<StringGraphType>("role");
        Field<SeniorityType>("seniority");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skills");
        Field<StringGraphType>("location");
        Field<RemotePolicyType>("remotePolicy");
        Field<SalaryInputType>("salary");
        Field<StringGraphType>("description");
        Field<IntGraphType>("openings");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class PostingLifecycleInput : IIdempotentInput
{
    public string PostingId { get; set; } = "";
    public DateOnly? ExpiresOn { get; set; }
    public CloseReason? Reason { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

/// <summary>Publishing and reopening take the same input: the posting and its last open day.</summary>
public abstract class OpenPostingInputType : InputObjectGraphType<PostingLifecycleInput>
{
    protected OpenPostingInputType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("postingId");
        Field<DateScalar>("expiresOn").Description($"The last day the posting is open; {PostingRules.DefaultLifetimeDays} days from today when omitted.");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class PublishPostingInputType() : OpenPostingInputType("PublishPostingInput");

public sealed class ReopenPostingInputType() : OpenPostingInputType("ReopenPostingInput");

public sealed class ClosePostingInputType : InputObjectGraphType<PostingLifecycleInput>
{
    public ClosePostingInputType()
    {
        Name = "ClosePostingInput";
        Field<NonNullGraphType<IdGraphType>>("postingId");
        Field<NonNullGraphType<CloseReasonType>>("reason");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class PostingPayloadType : ObjectGraphType<Projections.Postings.PostingView>
{
    public PostingPayloadType()
    {
        Name = "PostingPayload";
        Field<NonNullGraphType<PostingType>>("posting").Resolve(c => c.Source);
    }
}
