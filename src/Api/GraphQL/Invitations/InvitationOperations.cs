using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Applications;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Api.GraphQL.Postings;
using Marketplace.Api.Identity;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Invitations;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Invitations;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Talent;
using Marten;

using Marketplace.Api.Reliability;

namespace Marketplace.Api.GraphQL.Invitations;

public sealed class InvitationStatusType : EnumerationGraphType<InvitationStatus> { public InvitationStatusType() => Name = "InvitationStatus"; }

public sealed class InvitationType : ObjectGraphType<InvitationView>
{
    public InvitationType()
    {
        Name = "Invitation";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Version);
        Field<NonNullGraphType<PostingType>>("posting").Resolve(c => c.Service<DocumentLoader<PostingView>>().Load(c.Source.PostingId));
        Field<NonNullGraphType<CandidateCardType>>("candidate").Description("Handle only: the candidate has not applied yet.")
            .Resolve(c => new CandidateCard(Handles.For(c.Source.CandidateId), null, null, null));
        Field<NonNullGraphType<InvitationStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeScalar>>("sentAt").Resolve(c => c.Source.SentAt);
        Field<NonNullGraphType<DateTimeScalar>>("expiresAt").Resolve(c => c.Source.ExpiresAt);
        Field(x => x.Message, nullable: true);
    }
}

public sealed class InvitationPayloadType : ObjectGraphType<InvitationView>
{
    public InvitationPayloadType()
    {
        Name = "InvitationPayload";
        Field<NonNullGraphType<InvitationType>>("invitation").Resolve(c => c.Source);
    }
}

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

public sealed class InvitationInput : IIdempotentInput
{
    public string? PostingId { get; set; }
    public string? CandidateId { get; set; }
    public string? SubmissionId { get; set; }
    public string? InvitationId { get; set; }
    public string? Message { get; set; }
    public int? ExpectedVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class InviteCandidateInputType : InputObjectGraphType<InvitationInput>
{
    public InviteCandidateInputType()
    {
        Name = "InviteCandidateInput";
        Field<NonNullGraphType<IdGraphType>>("postingId");
        Field<NonNullGraphType<IdGraphType>>("candidateId");
        Field<IdGraphType>("submissionId").Description("The submission that caught your eye.");
        Field<StringGraphType>("message");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class InvitationIdInputType : InputObjectGraphType<InvitationInput>
{
    public InvitationIdInputType()
    {
        Name = "InvitationIdInput";
        Field<NonNullGraphType<IdGraphType>>("invitationId");
        MutationInputs.ExpectedVersion(this);
        MutationInputs.IdempotencyKey(this);
    }
}

public static class InvitationOperations
{
    public static void AddTalentQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<TalentConnectionType>>("talentPool")
            .Description("Discoverable candidates ranked by their best challenge score for a skill (companies only).")
            .Arguments(Paging.Arguments(new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "skill" }))
            .ResolveAsync(async c =>
            {
                var actor = c.Actor();
                if (actor.Role != Roles.Admin) actor.RequireCompanyMember();
                var skill = c.GetArgument<string>("skill");
                var first = Paging.PageSize(c.GetArgument<int?>("first"));
                var offset = Paging.RankOffset(c.GetArgument<string?>("after"));
                var session = c.Service<IQuerySession>();
                var total = (await session.QueryAsync<int>(
                    "select count(*)::int from mt_doc_talentprofile t join mt_doc_candidateview v on v.id = t.id " +
                    "where v.data ->> 'Discoverable' = 'true' and jsonb_exists(t.data -> 'Best', ?)", c.CancellationToken, skill)).Single();
                var rows = await session.QueryAsync<TalentProfile>(
                    "select t.data from mt_doc_talentprofile t join mt_doc_candidateview v on v.id = t.id " +
                    "where v.data ->> 'Discoverable' = 'true' and jsonb_exists(t.data -> 'Best', ?) " +
                    "order by (t.data -> 'Best' ->> ?)::int desc, t.id limit ? offset ?", c.CancellationToken, skill, skill, first, offset);
                return Connection<TalentEntry>.Ranked(rows.Select(p => new TalentEntry(p.Id, Handles.For(p.Id), skill, p.Best[skill])).ToList(),
                    offset, total);
            });

    public static void AddInvitationMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<InvitationPayloadType, InviteCandidateInputType>("inviteCandidate",
                "Invites a discoverable candidate from the talent pool to apply to your open posting; expires after 14 days.")
            .Authorise(actor => actor.RequireCompanyMember())
            .Input<InvitationInput>()
            .Sends(async (c, input, company) =>
            {
                var posting = Ids.Parse("postingId", input.PostingId);
                var candidate = Ids.Parse("candidateId", input.CandidateId);
                var submission = input.SubmissionId is null ? (Guid?)null : Ids.Parse("submissionId", input.SubmissionId);
                await RequireTalentFor(c, posting, candidate);
                return Command.About(Invitation.IdFor(posting, candidate), new InviteCandidate(posting, company, candidate, submission, input.Message));
            })
            .Answers(Load);

        mutation.Mutation<ApplicationPayloadType, InvitationIdInputType>("acceptInvitation",
                "Accepts an invitation: you apply to the posting (source INVITATION).")
            .Authorise(actor => actor.RequireCandidate())
            .Input<InvitationInput>()
            .Sends((_, input, candidate) =>
                ApplicationOperations.Accepting(new AcceptInvitation(Ids.Parse("invitationId", input.InvitationId), candidate, input.ExpectedVersion)))
            .Answers(ApplicationOperations.Load);

        mutation.Mutation<InvitationPayloadType, InvitationIdInputType>("declineInvitation", null)
            .Authorise(actor => actor.RequireCandidate())
            .Input<InvitationInput>()
            .Sends((_, input, candidate) =>
            {
                var id = Ids.Parse("invitationId", input.InvitationId);
                return Command.About(id, new DeclineInvitation(id, candidate, input.ExpectedVersion));
            })
            .Answers(Load);
    }

    /// <summary>Invitations go to the talent pool of the posting's skills: candidates with a scored submission in one.</summary>
    private static async Task RequireTalentFor(IResolveFieldContext context, Guid postingId, Guid candidateId)
    {
        var session = context.Service<IQuerySession>();
        var posting = await session.LoadAsync<PostingView>(postingId, context.CancellationToken);
        var talent = await session.LoadAsync<TalentProfile>(candidateId, context.CancellationToken);
        if (posting is not null && (talent is null || !posting.Skills.Any(talent.Best.ContainsKey)))
            throw new RuleViolation("Invite candidates from the talent pool of one of the posting's skills.");
    }

    private static async Task<InvitationView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<InvitationView>(id, context.CancellationToken)
        ?? throw new NotFound("Invitation", id);
}
