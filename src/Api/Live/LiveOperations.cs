using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Accounts;
using Marketplace.Api.Applications;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Invitations;
using Marketplace.Api.Submissions;
using Marketplace.Domain.Companies;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Invitations;
using Marketplace.Projections.Submissions;
using Marten;

namespace Marketplace.Api.Live;

public enum ReviewUpdateKind { CriterionScored, Flagged, Reviewed, Failed }

public sealed record ReviewUpdate(ReviewUpdateKind Kind, CriterionFeedback? Criterion, SubmissionView Submission);

public sealed record ApplicationUpdate(string Kind, ApplicationView? Application, InvitationView? Invitation);

public sealed class ReviewUpdateKindType : EnumerationGraphType<ReviewUpdateKind> { public ReviewUpdateKindType() => Name = "ReviewUpdateKind"; }

public sealed class ReviewUpdateType : ObjectGraphType<ReviewUpdate>
{
    public ReviewUpdateType()
    {
        Name = "ReviewUpdate";
        Description = "One step of a submission's review: each criterion as it is scored, a near-copy flag, then reviewed or failed.";
        Field<NonNullGraphType<ReviewUpdateKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<CriterionScoreType>("criterion").Description("The criterion just scored, for CRITERION_SCORED.").Resolve(c => c.Source.Criterion);
        Field<NonNullGraphType<SubmissionType>>("submission").Resolve(c => c.Source.Submission);
    }
}

public sealed class ApplicationUpdateType : ObjectGraphType<ApplicationUpdate>
{
    public ApplicationUpdateType()
    {
        Name = "ApplicationUpdate";
        Description = "An application or an invitation changed.";
        Field(x => x.Kind).Description(
            "SUBMITTED, ADVANCED, OFFER_EXTENDED, HIRED, REJECTED, WITHDRAWN, OFFER_DECLINED or CLOSED for an application; " +
            "INVITED, INVITATION_ACCEPTED, INVITATION_DECLINED or INVITATION_EXPIRED for an invitation.");
        Field<ApplicationType>("application").Description("The application as it is now, when an application changed.").Resolve(c => c.Source.Application);
        Field<InvitationType>("invitation").Description("The invitation as it is now, when an invitation changed.").Resolve(c => c.Source.Invitation);
    }
}

/// <summary>
/// The subscriptions (PRODUCT.md, Live updates), over graphql-sse and graphql-ws. Each checks who asks as the queries do,
/// and says the state so far before the changes, so a client that read and then subscribed misses nothing.
/// </summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";

        Field<NonNullGraphType<ReviewUpdateType>>("submissionReview")
            .Description("A submission's review as it happens: each criterion as it is scored, a near-copy flag, then REVIEWED or FAILED, " +
                         "and the subscription completes. For the candidate who submitted it and the challenge's owner.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(Unless)
            .ResolveStreamAsync(async c =>
            {
                var actor = Authenticated(c);
                var id = Ids.Parse("id", c.GetArgument<string>("id"));
                var store = c.Service<IDocumentStore>();
                await using (var session = store.QuerySession())
                    if (await session.LoadAsync<SubmissionView>(id, c.CancellationToken) is not { } found || !SubmissionAccess.Visible(found, actor))
                        throw new LiveRefused("NOT_FOUND", $"No submission {id} is yours to follow.");
                return Open(c, actor, new LiveFeed(c.Service<LiveHub>(), actor, Still(c, v => v.Role is not null))
                {
                    Start = (feed, cancellation) => Review(feed, store, id, cancellation),
                    React = (feed, _, cancellation) => Review(feed, store, id, cancellation),
                }, id);
            });

        Field<NonNullGraphType<ApplicationUpdateType>>("myApplications")
            .Description("The calling candidate's applications, offers and invitations as they change.")
            .Resolve(Unless)
            .ResolveStreamAsync(async c =>
            {
                var actor = Authenticated(c);
                var candidate = actor.RequireCandidate();
                var store = c.Service<IDocumentStore>();
                IReadOnlyList<Guid> mine;
                await using (var session = store.QuerySession())
                    mine = await session.Query<ApplicationView>().Where(a => a.CandidateId == candidate).Select(a => a.Id).ToListAsync(c.CancellationToken);
                var feed = new LiveFeed(c.Service<LiveHub>(), actor, Still(c, v => v.Role == Roles.Candidate))
                {
                    React = async (feed, notice, cancellation) =>
                    {
                        if (await Changed(store, notice, cancellation) is not { } update) return;
                        if (update.Application is { } application && application.CandidateId == candidate)
                        {
                            feed.Watch(application.Id);
                            feed.Emit(update);
                        }
                        else if (update.Invitation is { CandidateId: var invited } && invited == candidate) feed.Emit(update);
                    },
                };
                foreach (var application in mine) feed.Watch(application);
                return Open(c, actor, feed, candidate);
            });

        Field<NonNullGraphType<ApplicationUpdateType>>("companyApplications")
            .Description("New applications and every move in the pipeline of the calling company's postings (or of one posting), " +
                         "as they happen. Needs the pipeline capability.")
            .Argument<IdGraphType>("postingId")
            .Resolve(Unless)
            .ResolveStreamAsync(c =>
            {
                var actor = Authenticated(c);
                var company = actor.RequireCompanyMember(CompanyCapabilities.Pipeline);
                var posting = c.GetArgument<string?>("postingId") is { } text ? Ids.Parse("postingId", text) : (Guid?)null;
                var store = c.Service<IDocumentStore>();
                var feed = new LiveFeed(c.Service<LiveHub>(), actor,
                    Still(c, v => v.CompanyFor(CompanyCapabilities.Pipeline) == company))
                {
                    React = async (feed, notice, cancellation) =>
                    {
                        if (notice.Stream != LiveStream.Application || notice.Company != company) return;
                        if (posting is { } wanted && notice.Posting != wanted) return;
                        if (await Changed(store, notice, cancellation) is { Application.CompanyId: var owner } update && owner == company) feed.Emit(update);
                    },
                };
                return Task.FromResult<IObservable<object?>>(Open(c, actor, feed, company));
            });
    }

    /// <summary>Each value of a feed as it is, but the refusal that ends one, which becomes the field's error.</summary>
    private static object? Unless(IResolveFieldContext context) => context.Source is LiveEnded ended ? throw ended.Error : context.Source;

    private static Actor Authenticated(IResolveFieldContext context) =>
        context.Actor() is { IsAnonymous: false } actor ? actor : throw new Unauthenticated();

    /// <summary>The per-identity limit, then the feed watching its first topic.</summary>
    private static IObservable<object?> Open(IResolveFieldContext context, Actor actor, LiveFeed feed, Guid topic)
    {
        var limits = context.Service<LiveLimits>();
        if (context.Service<LiveHub>().OpenFor(LiveLimits.Identity(actor)) >= limits.PerIdentity)
            throw new LiveRefused("RATE_LIMITED", $"At most {limits.PerIdentity} subscriptions may be open at once for one sign-in; end one first.");
        feed.Watch(topic);
        return feed;
    }

    /// <summary>Whether the account, read again after it changed, still may follow this.</summary>
    private static Func<Actor, CancellationToken, Task<bool>> Still(IResolveFieldContext context, Func<Actor, bool> rule)
    {
        var services = context.Service<IServiceScopeFactory>();
        return async (actor, cancellation) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await AccountActor.Again(scope.ServiceProvider, actor, cancellation) is { } now && rule(now);
        };
    }

    private static async Task Review(LiveFeed feed, IDocumentStore store, Guid id, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<SubmissionView>(id, cancellation) is not { } submission) return;
        if (submission.Status == SubmissionStatus.FeedbackFailed)
        {
            feed.Emit(new ReviewUpdate(ReviewUpdateKind.Failed, null, submission));
            feed.Complete();
        }
        else if (submission.Feedback is { } feedback)
        {
            foreach (var criterion in feedback.Criteria) feed.Emit(new ReviewUpdate(ReviewUpdateKind.CriterionScored, criterion, submission));
            if (submission.Flagged) feed.Emit(new ReviewUpdate(ReviewUpdateKind.Flagged, null, submission));
            feed.Emit(new ReviewUpdate(ReviewUpdateKind.Reviewed, null, submission));
            feed.Complete();
        }
    }

    /// <summary>The application or invitation a notice is about, as committed with it.</summary>
    private static async Task<ApplicationUpdate?> Changed(IDocumentStore store, LiveNotice notice, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return notice.Stream switch
        {
            LiveStream.Application => await session.LoadAsync<ApplicationView>(notice.Id, cancellation) is { } application
                ? new ApplicationUpdate(notice.What, application, null) : null,
            LiveStream.Invitation => await session.LoadAsync<InvitationView>(notice.Id, cancellation) is { } invitation
                ? new ApplicationUpdate(notice.What, null, invitation) : null,
            _ => null,
        };
    }
}

public sealed class LiveLimits(IConfiguration configuration)
{
    /// <summary>Open subscriptions per account (or per company, for its machine clients), on each node.</summary>
    public int PerIdentity { get; } = configuration.GetValue("Live:SubscriptionsPerIdentity", 20);

    /// <summary>How often an idle stream says it is alive.</summary>
    public TimeSpan Heartbeat { get; } = TimeSpan.FromSeconds(configuration.GetValue("Live:HeartbeatSeconds", 15.0));

    /// <summary>How long a graphql-ws client may take to send connection_init.</summary>
    public TimeSpan InitTimeout { get; } = TimeSpan.FromSeconds(configuration.GetValue("Live:InitTimeoutSeconds", 5.0));

    public static Guid Identity(Actor actor) => actor.Subject ?? actor.CompanyId ?? Guid.Empty;
}
