using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marketplace.Api.Accounts;
using Marketplace.Api.Analytics.Reporting;
using Marketplace.Api.Challenges;
using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Api.Talent;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Skills;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Analytics;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Invitations;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Submissions;
using Marketplace.Projections.Talent;
using Marten;
using Marten.Schema;
using Weasel.Core;
using Weasel.Postgresql.Tables;
using Wolverine.Marten;

namespace Marketplace.Api.Composition;

public static class MarketplaceStore
{
    public static void AddMarketplaceStore(this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        services.AddMarten(opts =>
            {
                opts.Connection(ConnectionSettings.Tuned(connectionString));
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                // The async daemon polls for new events (every 100 ms while they arrive, 250 ms when quiet) instead of
                // waking on a NOTIFY per commit, so it applies them in batches (docs/adr/0018).
                opts.Events.UseListenNotifyForEventAppends = false;
                opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(configuration.GetValue("Projections:FastPollingMilliseconds", 100));
                opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(configuration.GetValue("Projections:SlowPollingMilliseconds", 250));
                // Several nodes (docs/adr/0014): every node tries for each async projection's advisory lock this often;
                // a dead holder's locks go with its connections, so a survivor takes over within one period.
                opts.Projections.LeadershipPollingTime = configuration.GetValue("Projections:LeadershipPollingMilliseconds", 2_000);
                // Spans for each connection a session opens (SaveChanges shows under its handler) and a counter per event type.
                opts.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                opts.OpenTelemetry.TrackEventCounters();
                // Erasure masks these in place (docs/security.md); the statistics built from other events stay.
                opts.Events.AddMaskingRuleForProtectedInformation<CandidateRegistered>(e => e with { Profile = CandidateProfile.Erased(e.Profile) });
                opts.Events.AddMaskingRuleForProtectedInformation<CandidateProfileUpdated>(e => e with { Profile = CandidateProfile.Erased(e.Profile) });
                opts.Events.AddMaskingRuleForProtectedInformation<ApplicationSubmitted>(e => e with { CoverNote = null });
                opts.Events.AddMaskingRuleForProtectedInformation<ApplicationWithdrawn>(e => e with { Note = null });
                opts.Events.AddMaskingRuleForProtectedInformation<OfferDeclined>(e => e with { Note = null });
                opts.Events.AddMaskingRuleForProtectedInformation<SubmissionReceived>(e =>
                    e with { Content = SubmissionReceived.ErasedContent, RepositoryUrl = null });

                opts.Projections.Add<PostingViewProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<CompanyViewProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<CompanyTeamProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<MembershipProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<CandidateViewProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<ChallengeViewProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<SubmissionViewProjection>(ProjectionLifecycle.Inline);
                // Committed with the submission, so its copy check, which follows, always finds its keys (docs/adr/0020).
                opts.Projections.Add<SubmissionSignatureProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<ApplicationViewProjection>(ProjectionLifecycle.Inline);
                opts.Projections.Add<InvitationViewProjection>(ProjectionLifecycle.Inline);
                // Leaderboard rows and profiles stay in the daemon's memory between batches. A profile also follows its
                // candidate's discoverability, which the talent pool's rows take from it (docs/adr/0035).
                opts.Projections.Add<LeaderboardRowProjection>(ProjectionLifecycle.Async, rows => rows.CacheLimitPerTenant = 1_000);
                opts.Projections.Add<TalentProfileProjection>(ProjectionLifecycle.Async, profile => profile.CacheLimitPerTenant = 1_000);
                // Rebuilds page 10,000 events at a time and keep each timeline in memory until 20,000 are dirty, so a
                // timeline is written once per flush, in one batch of upserts that stays within the command timeout
                // (why these sizes: docs/performance.md).
                opts.Projections.Add<ApplicationTimelineProjection>(ProjectionLifecycle.Async, projection =>
                {
                    projection.BatchSize = 10_000;
                    projection.RebuildFlushThreshold = 20_000;
                });

                // After the tables it alters: smaller statistics samples for the tables every command writes (docs/adr/0019).
                opts.Storage.Add<HotTableStatistics>();
                // The accounts schema (EF Core's migrations), applied with the rest by db-apply (docs/adr/0025).
                opts.Storage.Add(new AccountsMigrations(opts, connectionString));
                // After the leaderboard rows' table: the counts per best score and the figures its triggers keep (docs/adr/0033).
                opts.Storage.Add(new LeaderboardCounts(opts));
                // After the talent profiles' table: the pool's rows and counts per score its triggers keep (docs/adr/0035).
                opts.Storage.Add(new TalentPoolTables(opts));
                // After the tables its views read: the reporting schema for BI tools (docs/adr/0028).
                opts.Storage.Add(new ReportingSchema(opts));

                opts.Schema.For<Skill>().Identity(x => x.Id);
                opts.Schema.For<IdempotencyRecord>().Index(x => x.CreatedAt);
                opts.Schema.For<CompanyView>().UniqueIndex(UniqueIndexType.Computed, "ux_company_slug", x => x.Slug);
                opts.Schema.For<ChallengeView>()
                    .Duplicate(x => x.Status, notNull: true)
                    .Duplicate(x => x.Skill, notNull: true)
                    .Duplicate(x => x.Owner, notNull: true)
                    .Duplicate(x => x.Difficulty, notNull: true)
                    .Duplicate(x => x.ListedAt, notNull: true);
                // The copy check reads what the daemon wrote for a challenge since it last looked, by sequence
                // (docs/copy-check.md): on the columns, so it never opens a document (its vectors are kilobytes).
                opts.Schema.For<SubmissionMeaning>()
                    .Duplicate(x => x.ChallengeId, notNull: true)
                    .Duplicate(x => x.CandidateId, notNull: true)
                    .Duplicate(x => x.Sequence)
                    .Index([x => x.ChallengeId, x => x.Sequence], index => index.Name = "ix_submissionmeaning_challenge_sequence");
                // A page of a leaderboard is a range of this index, a position a count over it (docs/performance.md).
                opts.Columns<LeaderboardRow>(nameof(LeaderboardRow.ChallengeId));
                opts.NullableColumns<LeaderboardRow>(nameof(LeaderboardRow.RankKey));
                opts.Schema.For<LeaderboardRow>()
                    .Index([x => x.ChallengeId, x => x.RankKey!], index => index.Name = "ix_leaderboardrow_rank");
                opts.Schema.For<SubmissionView>()
                    .Duplicate(x => x.ChallengeId, notNull: true)
                    .Duplicate(x => x.CandidateId, notNull: true)
                    .Duplicate(x => x.SubmittedAt, notNull: true);
                // The copy check's lookup, "any of these band keys", is `?|` on this expression (Marten's IsOneOf on a
                // string collection), which a GIN index with the default jsonb_ops serves; the keys carry the challenge.
                // Without GIN's pending list (fastupdate): every check scanned that list whole, and under a steady stream
                // of submissions it was always full (docs/adr/0024).
                opts.Schema.For<SubmissionSignature>().Index(x => x.Bands, index =>
                {
                    index.Name = "ix_submissionsignature_bands";
                    index.Method = IndexMethod.gin;
                    index.StorageParameters["fastupdate"] = "off";
                });
                // Every read of applications takes one posting's, candidate's or company's and pages them newest first
                // (ApplicationReads): one index for each, in the page's order. Stage and status filter within those rows
                // and have no index of their own, so moving an application on adds no index entries (docs/adr/0034).
                opts.Columns<ApplicationView>(nameof(ApplicationView.PostingId), nameof(ApplicationView.CompanyId), nameof(ApplicationView.CandidateId),
                    nameof(ApplicationView.Stage), nameof(ApplicationView.Status), nameof(ApplicationView.ListedAt));
                opts.Schema.For<ApplicationView>()
                    .Index([x => x.PostingId, x => x.ListedAt, x => x.Id], index => index.Name = "ix_applicationview_posting")
                    .Index([x => x.CandidateId, x => x.ListedAt, x => x.Id], index => index.Name = "ix_applicationview_candidate")
                    .Index([x => x.CompanyId, x => x.ListedAt, x => x.Id], index => index.Name = "ix_applicationview_company");
                // The reporting views read these columns; the funnel reads timelines by id. A BI tool's filter on a view's
                // company or posting reaches the timelines' indexes on them; nothing can use one on the day's time or the
                // source (two values), so those two are columns only.
                opts.Columns<ApplicationTimeline>(nameof(ApplicationTimeline.SubmittedAt), nameof(ApplicationTimeline.Source));
                opts.Schema.For<ApplicationTimeline>()
                    .Duplicate(x => x.CompanyId, notNull: true)
                    .Duplicate(x => x.PostingId, notNull: true);
                opts.Schema.For<InvitationView>()
                    .Duplicate(x => x.PostingId, notNull: true)
                    .Duplicate(x => x.CandidateId, notNull: true)
                    .Duplicate(x => x.Status, notNull: true);
                opts.Schema.For<PostingView>()
                    .Duplicate(x => x.Status, notNull: true)
                    .Duplicate(x => x.CompanyId, notNull: true)
                    .Duplicate(x => x.ListedAt, notNull: true)
                    .Duplicate(x => x.Role, notNull: true)
                    .Duplicate(x => x.Seniority, notNull: true)
                    .Duplicate(x => x.RemotePolicy, notNull: true)
                    .Duplicate(x => x.SalaryMax)
                    .GinIndexJsonData()
                    // The words of the title and the description, as PostingSearch matches them: an expression over the
                    // document, so the document keeps no copy of its description to index.
                    .FullTextIndex(index => index.Name = "ix_postingview_search", x => x.Title, x => x.Description);
            })
            // Raw SQL reads tables Marten would otherwise create on first use: create them all at start-up
            // wherever schema changes are allowed (Development); production applies them with db-apply.
            .ApplyAllDatabaseChangesOnStartup()
            // Each async projection runs on exactly one node at a time, whichever holds its lock (docs/adr/0014).
            // What submissions and postings say, as vectors, encoded by the daemon with the Api's model (docs/adr/0030).
            .AddProjectionWithServices<SubmissionMeaningProjection>(ProjectionLifecycle.Async, ServiceLifetime.Singleton)
            .AddProjectionWithServices<PostingMeaningProjection>(ProjectionLifecycle.Async, ServiceLifetime.Singleton)
            // A node of deliveries runs no daemon of Marten's: it runs the webhook fan-out alone, under the lock the others
            // would take it by (WebhookFanOutNode, docs/adr/0040).
            .AddAsyncDaemon(NodeRoles.Of(configuration) == NodeRole.Deliveries ? DaemonMode.Disabled : DaemonMode.HotCold)
            .IntegrateWithWolverine()
            .UseLightweightSessions();
    }
}
