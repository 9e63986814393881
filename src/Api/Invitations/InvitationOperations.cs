using Marketplace.Domain.Companies;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Applications;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Postings;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Invitations;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Invitations;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Talent;
using Marten;

using Marketplace.Api.Infrastructure.Reliability;

using Marketplace.Api.Candidates;

namespace Marketplace.Api.Invitations;

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
    public static void AddInvitationMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<InvitationPayloadType, InviteCandidateInputType>("inviteCandidate",
                $"Invites a discoverable candidate from the talent pool to apply to your open posting; expires after {Invitation.LifetimeDays} days.")
            .Authorise(actor => actor.RequireCompanyMember(CompanyCapabilities.Talent))
            .Input<InvitationInput>()
            .Sends(async (c, input, company) =>
            {
                var posting = Ids.Parse("postingId", input.PostingId);
                var candidate = Ids.Parse("candidateId", input.CandidateId);
                var submission = input.SubmissionId is null ? (Guid?)null : Ids.Parse("submissionId", input.SubmissionId);
                var talent = await c.Service<IQuerySession>().LoadAsync<TalentProfile>(candidate, c.CancellationToken);
                return Command.About(Invitation.IdFor(posting, candidate),
                    new InviteCandidate(posting, company, candidate, submission, input.Message, talent?.Best.Keys.ToArray() ?? []));
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

    private static async Task<InvitationView> Load(IResolveFieldContext context, Guid id) =>
        await context.Service<IQuerySession>().LoadAsync<InvitationView>(id, context.CancellationToken)
        ?? throw new NotFound("Invitation", id);
}
