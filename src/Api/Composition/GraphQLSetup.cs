using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Marketplace.Api.Applications;
using Marketplace.Api.Challenges;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Answers;
using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Invitations;
using Marketplace.Api.Matching;
using Marketplace.Api.Me;
using Marketplace.Api.Postings;
using Marketplace.Api.Skills;
using Marketplace.Api.Submissions;
using Marketplace.Api.Talent;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Submissions;
using Marten;

namespace Marketplace.Api.Composition;

public static class GraphQLSetup
{
    public static void AddMarketplaceGraphQL(this IServiceCollection services)
    {
        services.AddGraphQL(b => b
            .AddSchema<MarketplaceSchema>()
            .AddSystemTextJson(o => o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(MarketplaceSchema).Assembly)
            // One Marten session per request: resolvers of a query must not run in parallel on it.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            // Each subscription reads with a scope of its own (LiveExecution), one field after another like a query.
            .AddExecutionStrategy(new SubscriptionExecutionStrategy(new SerialExecutionStrategy()), OperationType.Subscription)
            .AddErrorInfoProvider(new MarketplaceErrorInfoProvider())
            // Deep nesting, large pages and aliases that multiply work are refused before anything runs.
            .AddComplexityAnalyzer(QueryCost.Configure));

        services.AddSingleton<MarketplaceErrorMapper>();
        services.AddSingleton<GraphQLEndpoint>();
        services.AddSingleton<ValidatedDocuments>();
        services.AddSingleton<PersistedDocuments>();
        services.AddSingleton(s => new AnswerCache(
            s.GetRequiredService<IConfiguration>().GetSection("GraphQL:AnswerCache").Get<AnswerCacheOptions>() ?? new AnswerCacheOptions()));
        services.AddSingleton<KnownSkills>();
        services.AddSingleton<IAnswerPolicy, PublicAnswers>();
        services.AddSingleton<IConfigureMarten, AnswerChangesRegistration>();
        services.AddScoped<PostingReads>();
        services.AddScoped<ChallengeReads>();
        services.AddScoped<LeaderboardReads>();
        services.AddScoped<ApplicationReads>();
        services.AddScoped<StageChanges>();
        services.AddScoped<PipelineCounts>();
        services.AddSingleton<IFieldContributor<PostingType>, PostingPipelineField>();
        services.AddSingleton<IFieldContributor<ChallengeType>, ChallengeSubmissionsField>();
        services.AddSingleton<IFieldContributor<MeType>, RecommendedPositionsField>();
        services.AddScoped<Recommendations>();
        services.AddScoped<InvitationReads>();
        services.AddScoped<SkillReads>();
        services.AddScoped<SubmissionReads>();
        services.AddScoped<TalentReads>();
        services.AddLoader<CompanyView>(c => c.Id);
        services.AddLoader<ChallengeView>(c => c.Id);
        services.AddLoader<PostingView>(p => p.Id);
        services.AddLoader<CandidateView>(c => c.Id);
        services.AddScoped(s => new BatchLoader<ChallengeFigures>(
            (ids, cancellation) => LeaderboardReads.Figures(s.GetRequiredService<IQuerySession>(), ids, cancellation), f => f.ChallengeId));
        services.AddLoader<SubmissionView>(s => s.Id);
    }

    private static void AddLoader<T>(this IServiceCollection services, Func<T, Guid> idOf) where T : class =>
        services.AddScoped(s => new DocumentLoader<T>(s.GetRequiredService<IQuerySession>(), idOf));
}
