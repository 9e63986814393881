using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.GraphQL.Postings;

public static class PostingQueries
{
    public static void AddPostingQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<PostingConnectionType>>("postings")
            .Description("Postings, newest first. Anyone sees open postings; a company also sees its own drafts and closed ones.")
            .Arguments(Paging.Arguments(new QueryArgument<PostingFilterType> { Name = "filter" }))
            .ResolveAsync(async c => await c.Service<PostingSearch>().Search(
                c.GetArgument<PostingQuery?>("filter") ?? new PostingQuery(),
                c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.Actor(), c.CancellationToken));

        query.Field<PostingType>("posting")
            .Description("One posting, or null when it does not exist or is not visible to you.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Visible(c, Ids.TryParse(c.GetArgument<string>("id"))));
    }

    public static async Task<PostingView?> Visible(IResolveFieldContext context, Guid? id)
    {
        if (id is null) return null;
        var posting = await context.Service<IQuerySession>().LoadAsync<PostingView>(id.Value, context.CancellationToken);
        return posting is not null && (posting.Status == PostingStatus.Open || context.Actor().SeesAllPostingsOf(posting.CompanyId))
            ? posting
            : null;
    }
}
