using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Domain.Common;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Submissions;
using Marten;
using Wolverine;

using Marketplace.Api.Reliability;

namespace Marketplace.Api.GraphQL.Submissions;

public sealed class SubmissionInput : IIdempotentInput
{
    public string? ChallengeId { get; set; }
    public string? SubmissionId { get; set; }
    public string? Content { get; set; }
    public string? RepositoryUrl { get; set; }
    public bool? Confirmed { get; set; }
    public string? Note { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class SubmitToChallengeInputType : InputObjectGraphType<SubmissionInput>
{
    public SubmitToChallengeInputType()
    {
        Name = "SubmitToChallengeInput";
        Field<NonNullGraphType<IdGraphType>>("challengeId");
        Field<StringGraphType>("content").Description($"Your work as markdown, at most {SubmitToChallengeHandler.MaxContentLength} characters.");
        Field<StringGraphType>("repositoryUrl").Description("An http(s) link to a repository.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class SubmissionIdInputType : InputObjectGraphType<SubmissionInput>
{
    public SubmissionIdInputType()
    {
        Name = "SubmissionIdInput";
        Field<NonNullGraphType<IdGraphType>>("submissionId");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class ReviewFlagInputType : InputObjectGraphType<SubmissionInput>
{
    public ReviewFlagInputType()
    {
        Name = "ReviewFlagInput";
        Field<NonNullGraphType<IdGraphType>>("submissionId");
        Field<NonNullGraphType<BooleanGraphType>>("confirmed").Description("True confirms the copy, false dismisses the flag.");
        Field<StringGraphType>("note");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class SubmissionPayloadType : ObjectGraphType<SubmissionView>
{
    public SubmissionPayloadType()
    {
        Name = "SubmissionPayload";
        Field<NonNullGraphType<SubmissionType>>("submission").Resolve(c => c.Source);
    }
}

public static class SubmissionOperations
{
    public static void AddSubmissionQueries(this ObjectGraphType query) =>
        query.Field<SubmissionType>("submission")
            .Description("One submission: yours, or one to a challenge you own; otherwise null.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => Ids.TryParse(c.GetArgument<string>("id")) is { } id &&
                                     await c.Service<IQuerySession>().LoadAsync<SubmissionView>(id, c.CancellationToken) is { } submission &&
                                     SubmissionAccess.Visible(submission, c.Actor())
                ? submission
                : null);

    public static void AddSubmissionMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SubmissionPayloadType>>("submitToChallenge")
            .Description("Submits your work; feedback follows within seconds (status FEEDBACK_PENDING until then).")
            .Argument<NonNullGraphType<SubmitToChallengeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var candidate = c.Actor().RequireCandidate();
                var input = c.GetArgument<SubmissionInput>("input");
                var challenge = Ids.Parse("challengeId", input.ChallengeId);
                SubmissionAccepted? accepted = null;
                var id = await c.Idempotent(null, async () => (accepted = await c.Service<IMessageBus>().InvokeAsync<SubmissionAccepted>(
                    new SubmitToChallenge(challenge, candidate, input.Content, input.RepositoryUrl), c.CancellationToken)).SubmissionId);
                return await Answer(c, id, accepted);
            });

        mutation.Field<NonNullGraphType<SubmissionPayloadType>>("withdrawSubmission")
            .Description("Withdraws your submission from the leaderboard; the attempt stays used.")
            .Argument<NonNullGraphType<SubmissionIdInputType>>("input")
            .ResolveAsync(async c =>
            {
                var candidate = c.Actor().RequireCandidate();
                var input = c.GetArgument<SubmissionInput>("input");
                var id = Ids.Parse("submissionId", input.SubmissionId);
                id = await c.Send(id, new WithdrawSubmission(id, candidate, input.ExpectedVersion));
                return await Load(c, id);
            });

        mutation.Field<NonNullGraphType<SubmissionPayloadType>>("reviewSubmissionFlag")
            .Description("Confirms or dismisses a near-duplicate flag on a submission to your challenge.")
            .Argument<NonNullGraphType<ReviewFlagInputType>>("input")
            .ResolveAsync(async c =>
            {
                var owner = c.Actor().RequireChallengeOwner();
                var input = c.GetArgument<SubmissionInput>("input");
                var id = Ids.Parse("submissionId", input.SubmissionId);
                id = await c.Send(id, new ReviewSubmissionFlag(id, owner, input.ExpectedVersion, input.Confirmed ?? false, input.Note));
                return await Load(c, id);
            });
    }

    /// <summary>
    /// A new submission is answered from its first event, which is what the inline projection stored in the same commit
    /// (docs/performance.md); one the idempotency record replays is read back.
    /// </summary>
    private static async Task<SubmissionView> Answer(IResolveFieldContext context, Guid id, SubmissionAccepted? accepted) =>
        accepted is not null && accepted.SubmissionId == id ? SubmissionViewProjection.First(accepted.Received) : await Load(context, id);

    private static async Task<SubmissionView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<SubmissionView>(id, context.CancellationToken)
        ?? throw new NotFound("Submission", id);
}
