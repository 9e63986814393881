using Marketplace.Domain.Companies;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Common;

namespace Marketplace.Api.Talent;

public sealed record TalentEntry(Guid CandidateId, string Handle, string Skill, int BestScore);

public sealed class TalentEntryType : ObjectGraphType<TalentEntry>
{
    public TalentEntryType()
    {
        Name = "TalentEntry";
        Field<NonNullGraphType<IdGraphType>>("candidateId").Resolve(c => c.Source.CandidateId);
        Field(x => x.Handle);
        Field(x => x.Skill);
        Field(x => x.BestScore);
    }
}

public sealed class TalentEdgeType() : EdgeType<TalentEntryType, TalentEntry>("Talent");

public sealed class TalentConnectionType() : ConnectionType<TalentEdgeType, TalentEntry>("Talent");

public static class TalentQueries
{
    public static void AddTalentQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<TalentConnectionType>>("talentPool")
            .Description("Discoverable candidates ranked by their best challenge score for a skill (companies only).")
            .Arguments(Paging.Arguments(new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "skill" },
                new QueryArgument<IntGraphType> { Name = "minScore", Description = "Only candidates whose best score is at least this, 0 to 100." }))
            .ResolveAsync(async c =>
            {
                var actor = c.Actor();
                if (actor.Role != Roles.Admin) actor.RequireCompanyMember(CompanyCapabilities.Talent);
                var skill = c.GetArgument<string>("skill");
                var first = Paging.PageSize(c.GetArgument<int?>("first"));
                var offset = Paging.RankOffset(c.GetArgument<string?>("after"));
                var minScore = c.GetArgument<int?>("minScore") ?? 0;
                if (minScore is < 0 or > 100) throw new ValidationFailed("minScore", "minScore must be between 0 and 100.");
                return await c.Service<TalentReads>().Page(skill, minScore, first, offset, c.CancellationToken);
            });
}
