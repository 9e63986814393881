using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Postings;
using Marten;
using Wolverine;

using Marketplace.Api.Reliability;

namespace Marketplace.Api.GraphQL.Postings;

/// <summary>Each mutation checks who is calling, dispatches one command, and returns the posting it produced.</summary>
public static class PostingMutations
{
    public static void AddPostingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<PostingPayloadType>>("draftPosting")
            .Description("Drafts a posting for the caller's company.")
            .Argument<NonNullGraphType<DraftPostingInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = c.Actor().RequireCompanyMember();
                var input = c.GetArgument<DraftPostingInput>("input");
                await Catalogue.RequireSkills(c, input.Skills);
                var id = Guid.CreateVersion7();
                id = await c.Send(id, new DraftPosting(id, company, new PostingDetails(
                    input.Title, input.Role, input.Seniority, input.Skills, input.Location, input.RemotePolicy,
                    input.Salary?.ToSalary(), input.Description, input.Openings ?? 1, input.BlindReview ?? false)));
                return await Load(c, id);
            });

        mutation.Field<NonNullGraphType<PostingPayloadType>>("revisePosting")
            .Description("Changes a draft or open posting; fields left out keep their value.")
            .Argument<NonNullGraphType<RevisePostingInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = c.Actor().RequireCompanyMember();
                var input = c.GetArgument<RevisePostingInput>("input");
                var id = Ids.Parse("postingId", input.PostingId);
                if (input.Skills is not null) await Catalogue.RequireSkills(c, input.Skills);
                id = await c.Send(id, new RevisePosting(id, company, input.ExpectedVersion, input.Title, input.Role,
                    input.Seniority, input.Skills, input.Location, input.RemotePolicy, input.Salary?.ToSalary(),
                    input.Description, input.Openings));
                return await Load(c, id);
            });

        Lifecycle<PublishPostingInputType>(mutation, "publishPosting", "Opens a draft posting until its expiry date.",
            (input, id, company) => new PublishPosting(id, company, input.ExpectedVersion, input.ExpiresOn));
        Lifecycle<ClosePostingInputType>(mutation, "closePosting", "Closes a posting as FILLED or CANCELLED.",
            (input, id, company) => new ClosePosting(id, company, input.ExpectedVersion,
                input.Reason ?? throw new ValidationFailed("reason", "reason is required.")));
        Lifecycle<ReopenPostingInputType>(mutation, "reopenPosting", "Opens a closed posting again with a new expiry date.",
            (input, id, company) => new ReopenPosting(id, company, input.ExpectedVersion, input.ExpiresOn));
    }

    private static void Lifecycle<TInputType>(ObjectGraphType mutation, string name, string description,
        Func<PostingLifecycleInput, Guid, Guid, object> command) where TInputType : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<PostingPayloadType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = c.Actor().RequireCompanyMember();
                var input = c.GetArgument<PostingLifecycleInput>("input");
                var id = Ids.Parse("postingId", input.PostingId);
                id = await c.Send(id, command(input, id, company));
                return await Load(c, id);
            });

    private static async Task<PostingView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<PostingView>(id, context.CancellationToken)
        ?? throw new NotFound("Posting", id);
}
