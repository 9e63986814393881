using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Analytics;
using Marketplace.Api.Privacy;
using Marketplace.Api.Reliability;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Api.GraphQL.Applications;
using Marketplace.Api.GraphQL.Candidates;
using Marketplace.Api.GraphQL.Invitations;
using Marketplace.Api.GraphQL.Challenges;
using Marketplace.Api.GraphQL.Companies;
using Marketplace.Api.GraphQL.Submissions;
using Marketplace.Api.GraphQL.Postings;
using Marketplace.Api.GraphQL.Skills;
using Marketplace.Api.GraphQL.Talent;

namespace Marketplace.Api.GraphQL;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        this.AddSkillQueries();
        this.AddPostingQueries();
        this.AddChallengeQueries();
        this.AddSubmissionQueries();
        this.AddApplicationQueries();
        this.AddTalentQueries();
        this.AddFunnel();
        this.AddDeadLetterQueries();
        this.AddMe();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddCompanyMutations();
        this.AddCandidateMutations();
        this.AddPostingMutations();
        this.AddChallengeMutations();
        this.AddSubmissionMutations();
        this.AddApplicationMutations();
        this.AddInvitationMutations();
        this.AddErasure();
        this.AddDeadLetterMutations();
    }
}

public sealed class MarketplaceSchema : Schema
{
    public MarketplaceSchema(IServiceProvider services, QueryType query, MutationType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
        RegisterTypeMapping(typeof(DateOnly), typeof(DateScalar));
        // GraphiQL's introspection must pass the complexity limit that stops aliases multiplying real work.
        this.WithIntrospectionComplexityImpact(0);
    }
}
