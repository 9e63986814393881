using JasperFx.Events;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Invitations;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Invitations;
using Marten;

namespace Marketplace.Api.Webhooks;

/// <summary>One thing that happened, as one company's endpoints receive it.</summary>
public sealed record WebhookEvent(string Type, Guid CompanyId, Guid EventId, long Sequence, object Data);

/// <summary>
/// The event types endpoints can ask for (docs/webhooks.md shows a payload of each), and how a stored event becomes
/// one: only what the company may see (blind review holds: no candidate name before INTERVIEW), ids to fetch the rest
/// through GraphQL, and the stream's version so that a receiver can put them in order.
/// </summary>
public static class WebhookEvents
{
    public const string Test = "webhook.test";

    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>
    {
        ["application.received"] = "A candidate applied to one of your postings.",
        ["application.stage_changed"] = "An application moved to another stage (an offer is the move to OFFER).",
        ["application.rejected"] = "An application was rejected.",
        ["application.withdrawn"] = "A candidate withdrew an application.",
        ["offer.accepted"] = "A candidate accepted an offer: the hire.",
        ["offer.declined"] = "A candidate declined an offer.",
        ["posting.closed"] = "A posting closed: filled, cancelled or expired.",
        ["submission.reviewed"] = "A submission to one of your challenges got its feedback.",
        ["invitation.answered"] = "A candidate accepted or declined your invitation to apply.",
    };

    /// <summary>The stored events that become webhook events; the subscription reads only these.</summary>
    public static readonly Type[] Sources =
    [
        typeof(ApplicationSubmitted), typeof(ApplicationAdvanced), typeof(OfferExtended), typeof(ApplicationRejected),
        typeof(ApplicationWithdrawn), typeof(OfferAccepted), typeof(OfferDeclined), typeof(PostingClosed),
        typeof(FeedbackGenerated), typeof(InvitationAccepted), typeof(InvitationDeclined),
    ];

    /// <summary>The views a page of events needs, read in one round trip per kind.</summary>
    public sealed class Lookups
    {
        private Dictionary<Guid, ApplicationView> _applications = [];
        private Dictionary<Guid, CandidateView> _candidates = [];
        private Dictionary<Guid, ChallengeView> _challenges = [];
        private Dictionary<Guid, InvitationView> _invitations = [];

        public static async Task<Lookups> For(IReadOnlyList<IEvent> events, IQuerySession session, CancellationToken cancellationToken)
        {
            var applicationIds = events.Select(e => e.Data switch
            {
                ApplicationAdvanced x => x.ApplicationId, OfferExtended x => x.ApplicationId, ApplicationRejected x => x.ApplicationId,
                ApplicationWithdrawn x => x.ApplicationId, OfferDeclined x => x.ApplicationId, _ => Guid.Empty,
            }).Where(id => id != Guid.Empty).Distinct().ToArray();
            var challengeIds = events.Select(e => e.Data).OfType<FeedbackGenerated>().Select(f => f.ChallengeId).Distinct().ToArray();
            var invitationIds = events.Select(e => e.Data switch
            {
                InvitationAccepted x => x.InvitationId, InvitationDeclined x => x.InvitationId, _ => Guid.Empty,
            }).Where(id => id != Guid.Empty).Distinct().ToArray();
            var lookups = new Lookups
            {
                _applications = (await session.LoadManyAsync<ApplicationView>(cancellationToken, applicationIds)).ToDictionary(a => a.Id),
                _challenges = (await session.LoadManyAsync<ChallengeView>(cancellationToken, challengeIds)).ToDictionary(c => c.Id),
                _invitations = (await session.LoadManyAsync<InvitationView>(cancellationToken, invitationIds)).ToDictionary(i => i.Id),
            };
            var candidateIds = events.Select(e => e.Data switch
            {
                ApplicationSubmitted x => x.CandidateId, OfferAccepted x => x.CandidateId, _ => Guid.Empty,
            }).Concat(lookups._applications.Values.Select(a => a.CandidateId)).Where(id => id != Guid.Empty).Distinct().ToArray();
            lookups._candidates = (await session.LoadManyAsync<CandidateView>(cancellationToken, candidateIds)).ToDictionary(c => c.Id);
            return lookups;
        }

        public object Candidate(Guid candidateId, bool nameVisible)
        {
            var view = _candidates.GetValueOrDefault(candidateId);
            return new { handle = view?.Handle ?? Handles.For(candidateId), displayName = nameVisible ? view?.DisplayName : null };
        }

        /// <summary>The name shows once the application reached INTERVIEW, or at once without blind review.</summary>
        public object ApplicationCandidate(Guid applicationId, Stage stage) =>
            _applications.GetValueOrDefault(applicationId) is { } application
                ? Candidate(application.CandidateId, !application.BlindReview || stage >= Stage.Interview)
                : new { handle = (string?)null, displayName = (string?)null };

        public Guid? ChallengeOwner(Guid challengeId) =>
            _challenges.GetValueOrDefault(challengeId) is { } challenge && Guid.TryParse(challenge.Owner, out var company) ? company : null;

        public InvitationView? Invitation(Guid invitationId) => _invitations.GetValueOrDefault(invitationId);
    }

    public static WebhookEvent? From(IEvent e, Lookups lookups)
    {
        WebhookEvent Of(string type, Guid company, object data) => new(type, company, e.Id, e.Sequence, data);
        var version = e.Version;
        return e.Data switch
        {
            ApplicationSubmitted x => Of("application.received", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At, stage = "APPLIED",
                source = Name(x.Source), evidence = x.Evidence, candidate = lookups.Candidate(x.CandidateId, !x.BlindReview),
            }),
            ApplicationAdvanced x => Of("application.stage_changed", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At,
                from = Name(x.From), to = Name(x.To), skipped = x.Skipped.Select(s => Name(s)), candidate = lookups.ApplicationCandidate(x.ApplicationId, x.To),
            }),
            OfferExtended x => Of("application.stage_changed", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At,
                from = Name(x.From), to = "OFFER", skipped = x.Skipped.Select(s => Name(s)), candidate = lookups.ApplicationCandidate(x.ApplicationId, Stage.Offer),
            }),
            ApplicationRejected x => Of("application.rejected", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At, stage = Name(x.Stage),
                reason = Name(x.Reason), candidate = lookups.ApplicationCandidate(x.ApplicationId, x.Stage),
            }),
            ApplicationWithdrawn x => Of("application.withdrawn", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At, stage = Name(x.Stage),
                candidate = lookups.ApplicationCandidate(x.ApplicationId, x.Stage),
            }),
            OfferAccepted x => Of("offer.accepted", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At, stage = "HIRED",
                candidate = lookups.Candidate(x.CandidateId, nameVisible: true),
            }),
            OfferDeclined x => Of("offer.declined", x.CompanyId, new
            {
                applicationId = x.ApplicationId, postingId = x.PostingId, version, occurredAt = x.At,
                candidate = lookups.ApplicationCandidate(x.ApplicationId, Stage.Offer),
            }),
            PostingClosed x => Of("posting.closed", x.CompanyId, new
            {
                postingId = x.PostingId, version, occurredAt = x.ClosedAt, reason = Name(x.Reason),
            }),
            FeedbackGenerated x when lookups.ChallengeOwner(x.ChallengeId) is { } owner => Of("submission.reviewed", owner, new
            {
                submissionId = x.SubmissionId, challengeId = x.ChallengeId, version, occurredAt = e.Timestamp,
                overallScore = x.OverallScore, rubricVersion = x.RubricVersion, reviewer = x.Reviewer,
                criteria = x.Criteria.Select(c => new { key = c.Key, score = c.Score }),
                candidate = lookups.Candidate(x.CandidateId, nameVisible: false),
            }),
            InvitationAccepted x when lookups.Invitation(x.InvitationId) is { } invitation => Of("invitation.answered", invitation.CompanyId, new
            {
                invitationId = x.InvitationId, postingId = x.PostingId, version, occurredAt = x.At, answer = "ACCEPTED",
                applicationId = (Guid?)x.ApplicationId, candidate = lookups.Candidate(x.CandidateId, nameVisible: false),
            }),
            InvitationDeclined x when lookups.Invitation(x.InvitationId) is { } invitation => Of("invitation.answered", invitation.CompanyId, new
            {
                invitationId = x.InvitationId, postingId = x.PostingId, version, occurredAt = x.At, answer = "DECLINED",
                applicationId = (Guid?)null, candidate = lookups.Candidate(x.CandidateId, nameVisible: false),
            }),
            _ => null,
        };
    }

    /// <summary>Enum values as the GraphQL schema spells them (HIRING_MANAGER, not HiringManager).</summary>
    private static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
