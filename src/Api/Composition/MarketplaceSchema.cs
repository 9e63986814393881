using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Analytics;
using Marketplace.Api.Applications;
using Marketplace.Api.Candidates;
using Marketplace.Api.Challenges;
using Marketplace.Api.Companies;
using Marketplace.Api.DeadLetters;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Api.Invitations;
using Marketplace.Api.Matching;
using Marketplace.Api.Me;
using Marketplace.Api.Postings;
using Marketplace.Api.Privacy;
using Marketplace.Api.Skills;
using Marketplace.Api.Submissions;
using Marketplace.Api.Talent;
using Marketplace.Api.Webhooks;

namespace Marketplace.Api.Composition;

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
        this.AddMatchingQueries();
        this.AddFunnel();
        this.AddDeadLetterQueries();
        this.AddWebhookQueries();
        this.AddMe();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddCompanyMutations();
        this.AddTeamMutations();
        this.AddMachineClientMutations();
        this.AddCandidateMutations();
        this.AddPostingMutations();
        this.AddChallengeMutations();
        this.AddSubmissionMutations();
        this.AddApplicationMutations();
        this.AddInvitationMutations();
        this.AddErasure();
        this.AddDeadLetterMutations();
        this.AddWebhookMutations();
    }
}

public sealed class MarketplaceSchema : Schema
{
    public MarketplaceSchema(IServiceProvider services, QueryType query, MutationType mutation, Live.SubscriptionType subscription) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
        RegisterTypeMapping(typeof(DateOnly), typeof(DateScalar));
        // GraphiQL's introspection must pass the complexity limit that stops aliases multiplying real work.
        this.WithIntrospectionComplexityImpact(0);
    }
}
