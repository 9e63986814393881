using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Api.Identity;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Common;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Postings;
using Marten;
using Wolverine;

using Marketplace.Api.Reliability;

namespace Marketplace.Api.GraphQL.Applications;

public sealed class ApplicationInput : IIdempotentInput
{
    public string? PostingId { get; set; }
    public string? ApplicationId { get; set; }
    public string? CoverNote { get; set; }
    public List<string>? Evidence { get; set; }
    public Stage? ToStage { get; set; }
    public RejectionReason? Reason { get; set; }
    public string? Note { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class ApplyToPostingInputType : InputObjectGraphType<ApplicationInput>
{
    public ApplyToPostingInputType()
    {
        Name = "ApplyToPostingInput";
        Field<NonNullGraphType<IdGraphType>>("postingId");
        Field<StringGraphType>("coverNote").Description($"At most {ApplicationRules.MaxCoverNote} characters.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("evidence").Description($"Up to {ApplicationRules.MaxEvidence} of your own submissions.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class AdvanceApplicationInputType : InputObjectGraphType<ApplicationInput>
{
    public AdvanceApplicationInputType()
    {
        Name = "AdvanceApplicationInput";
        Field<NonNullGraphType<IdGraphType>>("applicationId");
        Field<NonNullGraphType<StageType>>("toStage").Description("SCREENING or INTERVIEW; offers have their own mutation.");
        Field<StringGraphType>("note").Description("Internal to your company.");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class RejectApplicationInputType : InputObjectGraphType<ApplicationInput>
{
    public RejectApplicationInputType()
    {
        Name = "RejectApplicationInput";
        Field<NonNullGraphType<IdGraphType>>("applicationId");
        Field<NonNullGraphType<RejectionReasonType>>("reason");
        Field<StringGraphType>("note").Description("Internal to your company.");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class ApplicationIdInputType : InputObjectGraphType<ApplicationInput>
{
    public ApplicationIdInputType()
    {
        Name = "ApplicationIdInput";
        Field<NonNullGraphType<IdGraphType>>("applicationId");
        Field<StringGraphType>("note");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public static class ApplicationOperations
{
    public static void AddApplicationQueries(this ObjectGraphType query)
    {
        query.Field<ApplicationType>("application")
            .Description("One application: yours, or one to your company's posting; otherwise null.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => Ids.TryParse(c.GetArgument<string>("id")) is { } id &&
                                     await c.Service<IQuerySession>().LoadAsync<ApplicationView>(id, c.CancellationToken) is { } application &&
                                     ApplicationAccess.Visible(application, c.Actor())
                ? application
                : null);

        query.Field<NonNullGraphType<ApplicationConnectionType>>("applications")
            .Description("The applications to one of your company's postings, newest first.")
            .Arguments(Paging.Arguments(
                new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "postingId" },
                new QueryArgument<StageType> { Name = "stage" },
                new QueryArgument<ApplicationStatusType> { Name = "status" }))
            .ResolveAsync(async c =>
            {
                var company = c.Actor().RequireCompanyMember();
                var postingId = Ids.Parse("postingId", c.GetArgument<string>("postingId"));
                var posting = await c.Service<IQuerySession>().LoadAsync<PostingView>(postingId, c.CancellationToken);
                if (posting is null || posting.CompanyId != company) throw new NotFound("Posting", postingId);
                return await c.Service<ApplicationReads>().ToPosting(postingId, c.GetArgument<Stage?>("stage"), c.GetArgument<ApplicationStatus?>("status"),
                    c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken);
            });
    }

    public static void AddApplicationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ApplicationPayloadType>>("applyToPosting")
            .Description("Applies to an open posting, optionally with your submissions as evidence.")
            .Argument<NonNullGraphType<ApplyToPostingInputType>>("input")
            .ResolveAsync(async c =>
            {
                var candidate = c.Actor().RequireCandidate();
                var input = c.GetArgument<ApplicationInput>("input");
                var posting = Ids.Parse("postingId", input.PostingId);
                var evidence = (input.Evidence ?? []).Select(e => Ids.Parse("evidence", e)).ToList();
                ApplicationAccepted? accepted = null;
                var id = await c.Idempotent(null, async () => (accepted = await c.Service<IMessageBus>().InvokeAsync<ApplicationAccepted>(
                    new ApplyToPosting(posting, candidate, input.CoverNote, evidence), c.CancellationToken)).ApplicationId);
                return await Answer(c, id, accepted);
            });

        Company<AdvanceApplicationInputType>(mutation, "advanceApplication", "Moves an application forward; skipped stages are recorded.",
            (input, id, company, by) => new AdvanceApplication(id, company, by, input.ExpectedVersion,
                input.ToStage ?? throw new ValidationFailed("toStage", "toStage is required."), input.Note));
        Company<RejectApplicationInputType>(mutation, "rejectApplication", "Rejects an application with a reason from the catalogue.",
            (input, id, company, by) => new RejectApplication(id, company, by, input.ExpectedVersion,
                input.Reason ?? throw new ValidationFailed("reason", "reason is required."), input.Note));
        Company<ApplicationIdInputType>(mutation, "extendOffer", "Makes the candidate an offer (moves the application to OFFER).",
            (input, id, company, by) => new ExtendOffer(id, company, by, input.ExpectedVersion, input.Note));

        Candidate(mutation, "withdrawApplication", "Withdraws your application; you may apply again while the posting is open.",
            (input, id, candidate) => new WithdrawApplication(id, candidate, input.ExpectedVersion, input.Note));
        Candidate(mutation, "acceptOffer", "Accepts the offer: you are hired.",
            (input, id, candidate) => new AcceptOffer(id, candidate, input.ExpectedVersion));
        Candidate(mutation, "declineOffer", "Declines the offer.",
            (input, id, candidate) => new DeclineOffer(id, candidate, input.ExpectedVersion, input.Note));
    }

    private static void Company<TInputType>(ObjectGraphType mutation, string name, string description,
        Func<ApplicationInput, Guid, Guid, string, object> command) where TInputType : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<ApplicationPayloadType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>("input")
            .ResolveAsync(async c =>
            {
                var actor = c.Actor();
                var company = actor.RequireCompanyMember();
                var input = c.GetArgument<ApplicationInput>("input");
                var id = Ids.Parse("applicationId", input.ApplicationId);
                id = await c.Send(id, command(input, id, company, actor.Subject?.ToString() ?? "member"));
                return await Load(c, id);
            });

    private static void Candidate(ObjectGraphType mutation, string name, string description, Func<ApplicationInput, Guid, Guid, object> command) =>
        mutation.Field<NonNullGraphType<ApplicationPayloadType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<ApplicationIdInputType>>("input")
            .ResolveAsync(async c =>
            {
                var candidate = c.Actor().RequireCandidate();
                var input = c.GetArgument<ApplicationInput>("input");
                var id = Ids.Parse("applicationId", input.ApplicationId);
                id = await c.Send(id, command(input, id, candidate));
                return await Load(c, id);
            });

    /// <summary>
    /// A new application is answered from its first event, which is what the inline projection stored in the same
    /// commit (docs/performance.md); one the idempotency record replays is read back.
    /// </summary>
    internal static async Task<ApplicationView> Answer(IResolveFieldContext context, Guid id, ApplicationAccepted? accepted) =>
        accepted is not null && accepted.ApplicationId == id ? ApplicationViewProjection.First(accepted.Submitted) : await Load(context, id);

    internal static async Task<ApplicationView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<ApplicationView>(id, context.CancellationToken)
        ?? throw new NotFound("Application", id);
}
