using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Me;
using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.Matching;

/// <summary>The candidate's <c>recommendedPositions</c> on <c>me</c>: matching is this feature's, the type Me's.</summary>
public sealed class RecommendedPositionsField : IFieldContributor<MeType>
{
    public void AddFields(MeType me) =>
        me.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PositionRecommendationType>>>>("recommendedPositions")
            .Description("Open postings that match your reviewed work and your profile, best first, each with its reasons (candidates; empty for others).")
            .Argument<IntGraphType>("first", $"How many, 1 to {Recommendations.MaxFirst}; 10 when omitted.")
            .ResolveAsync(async c =>
            {
                var first = First(c);
                if (c.Source is not { Role: Roles.Candidate, Subject: { } candidate }) return new List<PositionRecommendation>();
                return await c.Service<Recommendations>().Positions(candidate, first, c.CancellationToken);
            });

    public static int First(IResolveFieldContext context) => context.GetArgument<int?>("first") switch
    {
        null => 10,
        < 1 or > Recommendations.MaxFirst => throw new ValidationFailed("first", $"first must be between 1 and {Recommendations.MaxFirst}."),
        var first => first.Value,
    };
}

public static class MatchingQueries
{
    public static void AddMatchingQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CandidateRecommendationType>>>>("recommendedCandidates")
            .Description("Discoverable candidates in the talent pool of one of the posting's skills whose reviewed work matches one of your company's postings, best first, by handle, each with its reasons (members who search the talent pool).")
            .Argument<NonNullGraphType<IdGraphType>>("postingId")
            .Argument<IntGraphType>("first", $"How many, 1 to {Recommendations.MaxFirst}; 10 when omitted.")
            .ResolveAsync(async c =>
            {
                var company = c.Actor().RequireCompanyMember(CompanyCapabilities.Talent);
                var first = RecommendedPositionsField.First(c);
                var postingId = Ids.Parse("postingId", c.GetArgument<string>("postingId"));
                var posting = await c.Service<IQuerySession>().LoadAsync<PostingView>(postingId, c.CancellationToken);
                if (posting is null || posting.CompanyId != company) throw new NotFound("Posting", postingId);
                return await c.Service<Recommendations>().Candidates(posting, first, c.CancellationToken);
            });
}
