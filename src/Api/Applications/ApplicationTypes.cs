using Marketplace.Domain.Companies;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Postings;
using Marketplace.Api.Submissions;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Submissions;
using Marten;

using Marketplace.Api.Candidates;

namespace Marketplace.Api.Applications;

public sealed class StageType : EnumerationGraphType<Stage> { public StageType() => Name = "Stage"; }

public sealed class ApplicationStatusType : EnumerationGraphType<ApplicationStatus> { public ApplicationStatusType() => Name = "ApplicationStatus"; }

public sealed class ApplicationSourceType : EnumerationGraphType<ApplicationSource> { public ApplicationSourceType() => Name = "ApplicationSource"; }

public sealed class RejectionReasonType : EnumerationGraphType<RejectionReason> { public RejectionReasonType() => Name = "RejectionReason"; }

public sealed record HistoryEntry(DateTimeOffset At, string Kind, Stage? Stage, string? By, string? Note, RejectionReason? Reason);

public sealed class HistoryEntryType : ObjectGraphType<HistoryEntry>
{
    public HistoryEntryType()
    {
        Name = "HistoryEntry";
        Field<NonNullGraphType<DateTimeScalar>>("at").Resolve(c => c.Source.At);
        Field(x => x.Kind).Description("SUBMITTED, ADVANCED, OFFER_EXTENDED, HIRED, REJECTED, WITHDRAWN, OFFER_DECLINED or CLOSED.");
        Field<StageType>("stage").Description("The stage the application was in after the change (or at it, for an ending).").Resolve(c => c.Source.Stage);
        Field(x => x.By, nullable: true).Description("candidate, company (with the member's id, to the company) or system.");
        Field(x => x.Note, nullable: true).Description("Company notes are shown to the company only.");
        Field<RejectionReasonType>("reason").Resolve(c => c.Source.Reason);
    }
}

public sealed class ApplicationType : ObjectGraphType<ApplicationView>
{
    public ApplicationType()
    {
        Name = "Application";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Version);
        Field<NonNullGraphType<PostingType>>("posting").Resolve(c => c.Service<DocumentLoader<PostingView>>().Load(c.Source.PostingId));
        Field<NonNullGraphType<CandidateCardType>>("candidate")
            .Resolve(c => c.Service<DocumentLoader<CandidateView>>().Load(c.Source.CandidateId).Then(candidate => Card(c.Source, candidate, c.Actor())));
        Field<NonNullGraphType<StageType>>("stage").Resolve(c => c.Source.Stage);
        Field<NonNullGraphType<ApplicationStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<ApplicationSourceType>>("source").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<DateTimeScalar>>("submittedAt").Resolve(c => c.Source.SubmittedAt);
        Field<NonNullGraphType<DateTimeScalar>>("changedAt")
            .Description("When the application reached its current stage, or ended: how long it has been as it is.")
            .Resolve(c => c.Service<StageChanges>().Load(c.Source.Id).Then(change => change?.At ?? c.Source.SubmittedAt));
        Field(x => x.CoverNote, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubmissionType>>>>("evidence")
            .Resolve(c => c.Service<DocumentLoader<SubmissionView>>().LoadMany(c.Source.Evidence));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HistoryEntryType>>>>("history")
            .Description("Every change, oldest first, read from the application's event stream.")
            .ResolveAsync(async c => await ApplicationHistory.Read(c.Service<IQuerySession>(), c.Source.Id, c.Actor(), c.CancellationToken));
    }

    private static CandidateCard Card(ApplicationView application, CandidateView? candidate, Actor actor)
    {
        var handle = candidate?.Handle ?? Handles.For(application.CandidateId);
        var hidden = candidate is null ||
                     (application.BlindReview && application.Stage < Stage.Interview && actor.Subject != application.CandidateId);
        return hidden
            ? new CandidateCard(handle, null, null, null)
            : new CandidateCard(handle, candidate!.DisplayName, candidate.Email, candidate.Headline);
    }
}

public sealed class ApplicationEdgeType() : EdgeType<ApplicationType, ApplicationView>("Application");

public sealed class ApplicationConnectionType() : ConnectionType<ApplicationEdgeType, ApplicationView>("Application");

public sealed class ApplicationPayloadType : ObjectGraphType<ApplicationView>
{
    public ApplicationPayloadType()
    {
        Name = "ApplicationPayload";
        Field<NonNullGraphType<ApplicationType>>("application").Resolve(c => c.Source);
    }
}

public static class ApplicationAccess
{
    /// <summary>The candidate who applied and the company that owns the posting; nobody else.</summary>
    public static bool Visible(ApplicationView application, Actor actor) =>
        (actor.Role == Roles.Candidate && actor.Subject == application.CandidateId) ||
        actor.CompanyFor(CompanyCapabilities.Pipeline) == application.CompanyId;
}
