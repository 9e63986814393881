using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.Postings;

public static class PostingQueries
{
    public static void AddPostingQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<PostingConnectionType>>("postings")
            .Description("Postings, newest first. Anyone sees open postings; a company also sees its own drafts and closed ones.")
            .Arguments(Paging.Arguments(new QueryArgument<PostingFilterType> { Name = "filter" }))
            .ResolveAsync(async c => await c.Service<PostingReads>().Search(
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
        var posting = AsksFor(context, "company")
            ? await WithCompany(context, id.Value)
            : await context.Service<IQuerySession>().LoadAsync<PostingView>(id.Value, context.CancellationToken);
        return posting is not null && (posting.Status == PostingStatus.Open || context.Actor().SeesAllPostingsOf(posting.CompanyId))
            ? posting
            : null;
    }

    /// <summary>
    /// The posting and its company in one round trip: a posting page always names its company, and reading it after
    /// the posting through the data loader was a second query per view (docs/performance.md). The company is handed
    /// to the request's loader, which <c>company</c> resolves from.
    /// </summary>
    private static async Task<PostingView?> WithCompany(IResolveFieldContext context, Guid id)
    {
        if (await context.Service<PostingReads>().WithCompany(id, context.CancellationToken) is not (var posting, var company)) return null;
        context.Service<DocumentLoader<CompanyView>>().Prime(company.Id, company);
        return posting;
    }

    private static bool AsksFor(IResolveFieldContext context, string field) =>
        context.SubFields?.Values.Any(selected => selected.Field.Name.StringValue == field) == true;
}
