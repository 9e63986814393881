using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Projections.Challenges;
using Marten;
using Wolverine;

using Marketplace.Api.Reliability;

namespace Marketplace.Api.GraphQL.Challenges;

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
        mutation.Field<NonNullGraphType<ChallengePayloadType>>("draftChallenge")
            .Description("Drafts a challenge for your company, or for the platform when you are an administrator.")
            .Argument<NonNullGraphType<DraftChallengeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var owner = c.Actor().RequireChallengeOwner();
                var input = c.GetArgument<ChallengeInput>("input");
                await Catalogue.RequireSkills(c, [input.Skill ?? ""], "skill");
                var id = Guid.CreateVersion7();
                id = await c.Send(id, new DraftChallenge(id, owner, new ChallengeDetails(input.Skill ?? "", input.Title ?? "", input.Brief ?? "",
                    input.Difficulty ?? Difficulty.Medium, input.MaxAttempts ?? ChallengeRules.DefaultMaxAttempts,
                    (input.Rubric ?? []).Select(r => r.ToCriterion()).ToList(), input.OpensAt, input.ClosesAt)));
                return await Load(c, id);
            });

        mutation.Field<NonNullGraphType<ChallengePayloadType>>("reviseChallenge")
            .Argument<NonNullGraphType<ReviseChallengeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var owner = c.Actor().RequireChallengeOwner();
                var input = c.GetArgument<ChallengeInput>("input");
                var id = Ids.Parse("challengeId", input.ChallengeId);
                id = await c.Send(id, new ReviseChallenge(id, owner, input.ExpectedVersion, input.Title, input.Brief, input.Difficulty,
                    input.MaxAttempts, input.Rubric?.Select(r => r.ToCriterion()).ToList(), input.OpensAt, input.ClosesAt));
                return await Load(c, id);
            });

        Lifecycle(mutation, "publishChallenge", "Opens a draft challenge for submissions.",
            (id, owner, version) => new PublishChallenge(id, owner, version));
        Lifecycle(mutation, "closeChallenge", "Stops a challenge taking submissions; its leaderboard stays.",
            (id, owner, version) => new CloseChallenge(id, owner, version));
    }

    private static void Lifecycle(ObjectGraphType mutation, string name, string description, Func<Guid, Guid?, int?, object> command) =>
        mutation.Field<NonNullGraphType<ChallengePayloadType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<ChallengeIdInputType>>("input")
            .ResolveAsync(async c =>
            {
                var owner = c.Actor().RequireChallengeOwner();
                var input = c.GetArgument<ChallengeInput>("input");
                var id = Ids.Parse("challengeId", input.ChallengeId);
                id = await c.Send(id, command(id, owner, input.ExpectedVersion));
                return await Load(c, id);
            });

    private static async Task<ChallengeView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<ChallengeView>(id, context.CancellationToken)
        ?? throw new NotFound("Challenge", id);
}
