using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Projections.Challenges;
using Marten;

namespace Marketplace.Api.Challenges;

public static class ChallengeOperations
{
    public static void AddChallengeQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ChallengeConnectionType>>("challenges")
            .Description("Challenges, newest first. Published and closed ones are public; drafts only to their owner.")
            .Arguments(Paging.Arguments(new QueryArgument<ChallengeFilterType> { Name = "filter" }))
            .ResolveAsync(async c => await c.Service<ChallengeReads>().Search(c.GetArgument<ChallengeFilter?>("filter") ?? new ChallengeFilter(),
                c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.Actor(), c.CancellationToken));

        query.Field<ChallengeType>("challenge")
            .Description("One challenge, or null when it does not exist or is not visible to you.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => Ids.TryParse(c.GetArgument<string>("id")) is { } id &&
                                     await c.Service<IQuerySession>().LoadAsync<ChallengeView>(id, c.CancellationToken) is { } challenge &&
                                     ChallengeReads.Visible(challenge, c.Actor())
                ? challenge
                : null);
    }

    public static void AddChallengeMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<ChallengePayloadType, DraftChallengeInputType>("draftChallenge",
                "Drafts a challenge for your company, or for the platform when you are an administrator.")
            .Authorise(actor => actor.RequireChallengeOwner())
            .Input<ChallengeInput>()
            .Sends(async (c, input, owner) =>
            {
                await Catalogue.RequireSkills(c, [input.Skill ?? ""], "skill");
                var id = Guid.CreateVersion7();
                return Command.About(id, new DraftChallenge(id, owner, new ChallengeDetails(input.Skill ?? "", input.Title ?? "", input.Brief ?? "",
                    input.Difficulty ?? Difficulty.Medium, input.MaxAttempts ?? ChallengeRules.DefaultMaxAttempts,
                    (input.Rubric ?? []).Select(r => r.ToCriterion()).ToList(), input.OpensAt, input.ClosesAt)));
            })
            .Answers(Load);

        mutation.Mutation<ChallengePayloadType, ReviseChallengeInputType>("reviseChallenge", null)
            .Authorise(actor => actor.RequireChallengeOwner())
            .Input<ChallengeInput>()
            .Sends((_, input, owner) =>
            {
                var id = Ids.Parse("challengeId", input.ChallengeId);
                return Command.About(id, new ReviseChallenge(id, owner, input.ExpectedVersion, input.Title, input.Brief, input.Difficulty,
                    input.MaxAttempts, input.Rubric?.Select(r => r.ToCriterion()).ToList(), input.OpensAt, input.ClosesAt));
            })
            .Answers(Load);

        mutation.Mutation<ChallengePayloadType, ChallengeIdInputType>("publishChallenge", "Opens a draft challenge for submissions.")
            .Authorise(actor => actor.RequireChallengeOwner())
            .Input<ChallengeInput>()
            .Sends((_, input, owner) =>
            {
                var id = Ids.Parse("challengeId", input.ChallengeId);
                return Command.About(id, new PublishChallenge(id, owner, input.ExpectedVersion));
            })
            .Answers(Load);

        mutation.Mutation<ChallengePayloadType, ChallengeIdInputType>("closeChallenge", "Stops a challenge taking submissions; its leaderboard stays.")
            .Authorise(actor => actor.RequireChallengeOwner())
            .Input<ChallengeInput>()
            .Sends((_, input, owner) =>
            {
                var id = Ids.Parse("challengeId", input.ChallengeId);
                return Command.About(id, new CloseChallenge(id, owner, input.ExpectedVersion));
            })
            .Answers(Load);
    }

    private static async Task<ChallengeView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<ChallengeView>(id, context.CancellationToken)
        ?? throw new NotFound("Challenge", id);
}
