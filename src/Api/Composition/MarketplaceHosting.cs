using GraphQL;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Core;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Live;
using Marketplace.Api.Submissions.Feedback;
using Marketplace.Api.Webhooks;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Postings;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace Marketplace.Api.Composition;

public static class MarketplaceHosting
{
    public const string ConnectionStringName = "Marketplace";

    public static void AddMarketplace(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings__{ConnectionStringName} (./run does this for you).");

        services.AddSingleton(TimeProvider.System);
        // First of the hosted services: the accounts schema exists before data protection loads its keys from it.
        services.AddHostedService<AccountsSchema>();
        services.CritterStackDefaults(x =>
        {
            // Generated handler and storage code is committed (see docs/adr/0006): no Roslyn at start-up.
            x.Development.GeneratedCodeMode = TypeLoadMode.Static;
            x.Production.GeneratedCodeMode = TypeLoadMode.Static;
            x.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
            x.Production.ResourceAutoCreate = AutoCreate.None;
            x.GeneratedCodeOutputPath = "Internal/Generated";
        });

        services.AddMarketplaceStore(connectionString, builder.Configuration);
        builder.AddMarketplaceTelemetry();
        services.AddSingleton(builder.Configuration.GetSection("Idempotency").Get<IdempotencyOptions>() ?? new());
        services.AddHostedService<IdempotencyCleanup>();
        services.AddSingleton<Analytics.FunnelIndex>();
        services.AddSingleton<Analytics.FunnelLinks>();
        services.AddHostedService<Analytics.FunnelIndexWarmUp>();
        // What postings and candidates mean, as vectors in memory, for matching and search (docs/adr/0030).
        services.AddSingleton<Meaning.MeaningIndex>();
        services.AddSingleton<Meaning.QueryVectors>();
        services.AddHostedService<Meaning.MeaningIndexWarmUp>();
        var feedback = services.AddFeedbackReviewer(builder.Configuration);

        var capacity = BackgroundCapacity.For(builder.Configuration, connectionString);
        services.AddSingleton(capacity);
        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(Program).Assembly;
            opts.Discovery.IncludeAssembly(typeof(Posting).Assembly);
            opts.Policies.AutoApplyTransactions();
            // Mutations send the Domain's commands; a key sent with one travels in its envelope and commits with the
            // decider's session (Infrastructure/GraphQL/MutationPipeline.cs).
            opts.Policies.AddMiddleware(typeof(IdempotencyMiddleware),
                chain => chain.Handlers.All(handler => handler.HandlerType.Assembly == typeof(Posting).Assembly));
            // Durability timings (node health checks, recovery sweeps, scheduled-message polling) come from the
            // "Durability" configuration section, e.g. Durability__StaleNodeTimeout=00:00:05; unset ones keep Wolverine's defaults.
            // Production defaults are in appsettings.json, chosen so a dead node's work moves within 15 s (docs/operations.md).
            // Balanced: every node handles messages; the leader hands each background agent (recovery of a dead node's
            // inbox and outbox, scheduled messages) to exactly one node.
            opts.Durability.Mode = DurabilityMode.Balanced;
            builder.Configuration.GetSection("Durability").Bind(opts.Durability);
            opts.Policies.UseDurableLocalQueues();
            // Mail to people (accounts), with or without a broker: a queue of its own, so a slow mail server holds up nothing else.
            opts.PublishMessage<SendMail>().ToLocalQueue("mail").MaximumParallelMessages(2);
            opts.PublishMessage<Marketplace.Domain.Companies.MailMemberInvitation>().ToLocalQueue("mail");
            opts.UseMarketplaceWebhooks(builder.Configuration);
            var broker = builder.Configuration["Broker:RabbitMq"];
            if (string.IsNullOrWhiteSpace(broker))
            {
                // Zero setup: the background work travels through durable local queues (the message store in PostgreSQL).
                // Reviews and copy checks run in the background, durably, as many at once as the node's cores and
                // connections allow (BackgroundCapacity). They have queues of their own, so a review never waits behind
                // copy checks, and because a review sends a copy check: a local queue buffers at most 10,000 messages and a
                // sender waits while it is full, so a handler may never send into its own queue (docs/performance.md).
                opts.PublishMessage<ReviewSubmission>().ToLocalQueue("feedback").MaximumParallelMessages(capacity.Reviews);
                opts.PublishMessage<CheckForCopies>().ToLocalQueue("copies").MaximumParallelMessages(capacity.CopyChecks);
                // Closing a posting's pipeline and counting hires change other streams: each one at a time, in order.
                // A hire that fills the posting sends its closing, so the two wait in different queues (see above).
                opts.PublishMessage<ClosePostingPipeline>().ToLocalQueue("pipeline").Sequential();
                opts.PublishMessage<RecordHire>().ToLocalQueue("hires").Sequential();
            }
            else
            {
                opts.UseMarketplaceBroker(broker, capacity);
            }
            opts.Policies.Add(new FeedbackFailurePolicy(feedback.RetryDelays));
            // A write that raced ours between load and append: decide again on fresh state. Random waits (full jitter)
            // keep the losers of one race from meeting again in lockstep; 50 writers on one stream all get through.
            opts.OnException<ConcurrencyException>().RetryWithCooldown(
                    [.. new[] { 5, 10, 20, 30, 50, 80, 100, 150, 200, 250, 300, 400, 500, 500, 500 }.Select(ms => ms.Milliseconds())])
                .WithFullJitter();
        });

        // Commands arriving together commit together (docs/adr/0036); after Wolverine, so it stops before it.
        var groupCommit = builder.Configuration.GetSection("GroupCommit").Get<GroupCommitOptions>() ?? new();
        groupCommit.Deciders = GroupedCommands.Deciders;
        services.AddSingleton(groupCommit);
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupCommit>());

        services.AddMarketplaceIdentity(builder.Configuration, builder.Environment);
        services.AddMarketplaceAccounts(builder.Configuration, builder.Environment, connectionString);
        services.AddMarketplaceGraphQL();
        services.AddMarketplaceLive();
        services.AddMarketplaceWebhooks(builder.Configuration);
        services.AddWebPages();
        services.AddMarketplaceRateLimits(builder.Configuration);
        services.AddTrustedProxies(builder.Configuration);
        // Browsers on other origins get nothing unless Cors__AllowedOrigins__0.. names them.
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0) policy.WithOrigins(origins).WithMethods("GET", "POST").WithHeaders("Content-Type", "Authorization", Accounts.AccountActor.CompanyHeader);
        }));
        var health = services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<ProjectionLagCheck>("projections", tags: ["ready"]);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Broker:RabbitMq"]))
        {
            // One instance for the process, so the probe keeps its connection from one check to the next.
            services.AddSingleton<BrokerReadyCheck>();
            health.AddCheck<BrokerReadyCheck>("broker", tags: ["ready"]);
        }
    }

    private const string GraphQLPath = "/graphql";

    public static void UseMarketplace(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseErrorPages();
        app.UseStaticFiles();
        app.UseCors();
        app.UseNulGuard();
        app.UseMarketplaceAuthentication(GraphQLPath);
        app.UseSignedInHeader();
        app.UseRateLimiter();
        app.MapLive();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteJson });
        app.MapGraphQLEndpoint(GraphQLPath).RequireRateLimiting(RequestLimits.GraphQLPolicy);
        app.MapWebPages();
        app.MapAccountPages();
        app.MapGet("/", () => Results.Redirect("/skills"));
    }
}
