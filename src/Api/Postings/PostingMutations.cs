using Marketplace.Domain.Companies;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.Postings;

/// <summary>Each mutation checks who is calling, sends one command through the mutation pipeline, and answers the posting.</summary>
public static class PostingMutations
{
    public static void AddPostingMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<PostingPayloadType, DraftPostingInputType>("draftPosting", "Drafts a posting for the caller's company.")
            .Authorise(actor => actor.RequireCompanyMember(CompanyCapabilities.Postings))
            .Input<DraftPostingInput>()
            .Sends(async (c, input, company) =>
            {
                await Catalogue.RequireSkills(c, input.Skills);
                var id = Guid.CreateVersion7();
                return Command.About(id, new DraftPosting(id, company, new PostingDetails(
                    input.Title, input.Role, input.Seniority, input.Skills, input.Location, input.RemotePolicy,
                    input.Salary?.ToSalary(), input.Description, input.Openings ?? 1, input.BlindReview ?? false)));
            })
            .Answers(Load);

        mutation.Mutation<PostingPayloadType, RevisePostingInputType>("revisePosting", "Changes a draft or open posting; fields left out keep their value.")
            .Authorise(actor => actor.RequireCompanyMember(CompanyCapabilities.Postings))
            .Input<RevisePostingInput>()
            .Sends(async (c, input, company) =>
            {
                var id = Ids.Parse("postingId", input.PostingId);
                if (input.Skills is not null) await Catalogue.RequireSkills(c, input.Skills);
                return Command.About(id, new RevisePosting(id, company, input.ExpectedVersion, input.Title, input.Role,
                    input.Seniority, input.Skills, input.Location, input.RemotePolicy, input.Salary?.ToSalary(),
                    input.Description, input.Openings));
            })
            .Answers(Load);

        mutation.Mutation<PostingPayloadType, PublishPostingInputType>("publishPosting", "Opens a draft posting until its expiry date.")
            .Authorise(actor => actor.RequireCompanyMember(CompanyCapabilities.Postings))
            .Input<PostingLifecycleInput>()
            .Sends((_, input, company) =>
            {
                var id = Ids.Parse("postingId", input.PostingId);
                return Command.About(id, new PublishPosting(id, company, input.ExpectedVersion, input.ExpiresOn));
            })
            .Answers(Load);

        mutation.Mutation<PostingPayloadType, ClosePostingInputType>("closePosting", "Closes a posting as FILLED or CANCELLED.")
            .Authorise(actor => actor.RequireCompanyMember(CompanyCapabilities.Postings))
            .Input<PostingLifecycleInput>()
            .Sends((_, input, company) =>
            {
                var id = Ids.Parse("postingId", input.PostingId);
                return Command.About(id, new ClosePosting(id, company, input.ExpectedVersion,
                    input.Reason ?? throw new ValidationFailed("reason", "reason is required.")));
            })
            .Answers(Load);

        mutation.Mutation<PostingPayloadType, ReopenPostingInputType>("reopenPosting", "Opens a closed posting again with a new expiry date.")
            .Authorise(actor => actor.RequireCompanyMember(CompanyCapabilities.Postings))
            .Input<PostingLifecycleInput>()
            .Sends((_, input, company) =>
            {
                var id = Ids.Parse("postingId", input.PostingId);
                return Command.About(id, new ReopenPosting(id, company, input.ExpectedVersion, input.ExpiresOn));
            })
            .Answers(Load);
    }

    private static async Task<PostingView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<PostingView>(id, context.CancellationToken)
        ?? throw new NotFound("Posting", id);
}
