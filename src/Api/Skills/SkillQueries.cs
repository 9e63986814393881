using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Skills;
using Marten;

namespace Marketplace.Api.Skills;

public static class SkillQueries
{
    public static void AddSkillQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SkillType>>>>("skills")
            .Description("The skill catalogue, in its curated order.")
            .ResolveAsync(async c => await c.Service<SkillReads>().Catalogue(c.CancellationToken));
        query.Field<SkillType>("skill")
            .Description("One skill's hub by its slug, or null when there is no such skill.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(async c => await c.Service<IQuerySession>().LoadAsync<Skill>(c.GetArgument<string>("slug"), c.CancellationToken));
    }
}
