using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Common;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Submissions;
using Marten;

using Marketplace.Api.Infrastructure.Reliability;

namespace Marketplace.Api.Submissions;

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
        mutation.Mutation<SubmissionPayloadType, SubmitToChallengeInputType>("submitToChallenge",
                "Submits your work; feedback follows within seconds (status FEEDBACK_PENDING until then).")
            .Authorise(actor => actor.RequireCandidate())
            .Input<SubmissionInput>()
            // A new submission is answered from its first event, which is what the inline projection stored in the same
            // commit (docs/performance.md).
            .Sends((_, input, candidate) => Command.Creating<SubmissionAccepted>(
                new SubmitToChallenge(Ids.Parse("challengeId", input.ChallengeId), candidate, input.Content, input.RepositoryUrl),
                accepted => accepted.SubmissionId, accepted => SubmissionViewProjection.First(accepted.Received)))
            .Answers(Load);

        mutation.Mutation<SubmissionPayloadType, SubmissionIdInputType>("withdrawSubmission",
                "Withdraws your submission from the leaderboard; the attempt stays used.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<SubmissionInput>()
            .Sends((_, input, candidate) =>
            {
                var id = Ids.Parse("submissionId", input.SubmissionId);
                return Command.About(id, new WithdrawSubmission(id, candidate, input.ExpectedVersion));
            })
            .Answers(Load);

        mutation.Mutation<SubmissionPayloadType, ReviewFlagInputType>("reviewSubmissionFlag",
                "Confirms or dismisses a near-duplicate flag on a submission to your challenge.")
            .Authorise(actor => actor.RequireChallengeOwner())
            .Input<SubmissionInput>()
            .Sends((_, input, owner) =>
            {
                var id = Ids.Parse("submissionId", input.SubmissionId);
                return Command.About(id, new ReviewSubmissionFlag(id, owner, input.ExpectedVersion, input.Confirmed ?? false, input.Note));
            })
            .Answers(Load);
    }

    private static async Task<SubmissionView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<SubmissionView>(id, context.CancellationToken)
        ?? throw new NotFound("Submission", id);
}
