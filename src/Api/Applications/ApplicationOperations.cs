using Marketplace.Domain.Companies;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Common;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Postings;
using Marten;

using Marketplace.Api.Infrastructure.Reliability;

namespace Marketplace.Api.Applications;

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
                var company = c.Actor().RequireCompanyMember(CompanyCapabilities.Pipeline);
                var postingId = Ids.Parse("postingId", c.GetArgument<string>("postingId"));
                var posting = await c.Service<IQuerySession>().LoadAsync<PostingView>(postingId, c.CancellationToken);
                if (posting is null || posting.CompanyId != company) throw new NotFound("Posting", postingId);
                return await c.Service<ApplicationReads>().ToPosting(postingId, c.GetArgument<Stage?>("stage"), c.GetArgument<ApplicationStatus?>("status"),
                    c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken);
            });
    }

    public static void AddApplicationMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<ApplicationPayloadType, ApplyToPostingInputType>("applyToPosting",
                "Applies to an open posting, optionally with your submissions as evidence.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<ApplicationInput>()
            .Sends((_, input, candidate) =>
            {
                var posting = Ids.Parse("postingId", input.PostingId);
                var evidence = (input.Evidence ?? []).Select(e => Ids.Parse("evidence", e)).ToList();
                return Accepting(new ApplyToPosting(posting, candidate, input.CoverNote, evidence));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, AdvanceApplicationInputType>("advanceApplication", "Moves an application forward; skipped stages are recorded.")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Pipeline), By: actor.Subject?.ToString() ?? "member"))
            .Input<ApplicationInput>()
            .Sends((_, input, caller) =>
            {
                var id = Ids.Parse("applicationId", input.ApplicationId);
                return Command.About(id, new AdvanceApplication(id, caller.Company, caller.By, input.ExpectedVersion,
                    input.ToStage ?? throw new ValidationFailed("toStage", "toStage is required."), input.Note));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, RejectApplicationInputType>("rejectApplication", "Rejects an application with a reason from the catalogue.")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Pipeline), By: actor.Subject?.ToString() ?? "member"))
            .Input<ApplicationInput>()
            .Sends((_, input, caller) =>
            {
                var id = Ids.Parse("applicationId", input.ApplicationId);
                return Command.About(id, new RejectApplication(id, caller.Company, caller.By, input.ExpectedVersion,
                    input.Reason ?? throw new ValidationFailed("reason", "reason is required."), input.Note));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, ApplicationIdInputType>("extendOffer", "Makes the candidate an offer (moves the application to OFFER).")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Pipeline), By: actor.Subject?.ToString() ?? "member"))
            .Input<ApplicationInput>()
            .Sends((_, input, caller) =>
            {
                var id = Ids.Parse("applicationId", input.ApplicationId);
                return Command.About(id, new ExtendOffer(id, caller.Company, caller.By, input.ExpectedVersion, input.Note));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, ApplicationIdInputType>("withdrawApplication", "Withdraws your application; you may apply again while the posting is open.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<ApplicationInput>()
            .Sends((_, input, candidate) =>
            {
                var id = Ids.Parse("applicationId", input.ApplicationId);
                return Command.About(id, new WithdrawApplication(id, candidate, input.ExpectedVersion, input.Note));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, ApplicationIdInputType>("acceptOffer", "Accepts the offer: you are hired.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<ApplicationInput>()
            .Sends((_, input, candidate) =>
            {
                var id = Ids.Parse("applicationId", input.ApplicationId);
                return Command.About(id, new AcceptOffer(id, candidate, input.ExpectedVersion));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, ApplicationIdInputType>("declineOffer", "Declines the offer.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<ApplicationInput>()
            .Sends((_, input, candidate) =>
            {
                var id = Ids.Parse("applicationId", input.ApplicationId);
                return Command.About(id, new DeclineOffer(id, candidate, input.ExpectedVersion, input.Note));
            })
            .Answers(Load);
    }

    /// <summary>
    /// A command that starts an application: it is answered from its first event, which is what the inline projection
    /// stored in the same commit (docs/performance.md).
    /// </summary>
    internal static Command Accepting(object command) => Command.Creating<ApplicationAccepted>(command,
        accepted => accepted.ApplicationId, accepted => ApplicationViewProjection.First(accepted.Submitted));

    internal static async Task<ApplicationView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<ApplicationView>(id, context.CancellationToken)
        ?? throw new NotFound("Application", id);
}
