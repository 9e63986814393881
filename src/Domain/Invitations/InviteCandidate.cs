using JasperFx.Core;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Invitations;

/// <summary>
/// <paramref name="ScoredSkills"/> are the skills the candidate has a scored submission in (the talent pool, a read model
/// the caller reads).
/// </summary>
public sealed record InviteCandidate(
    Guid PostingId, Guid CompanyId, Guid CandidateId, Guid? SubmissionId, string? Message, IReadOnlyCollection<string> ScoredSkills);

public static class InviteCandidateHandler
{
    public const int MaxMessage = 2_000;

    public static void Validate(InviteCandidate command) => Input.OptionalText("message", command.Message, MaxMessage);

    public static async Task<(Posting?, Candidate?, bool)> LoadAsync(InviteCandidate command, IDocumentSession session, CancellationToken cancellation) =>
        (await session.Events.AggregateStreamAsync<Posting>(command.PostingId, token: cancellation),
            await session.Events.AggregateStreamAsync<Candidate>(command.CandidateId, token: cancellation),
            await session.Events.FetchStreamStateAsync(Invitation.IdFor(command.PostingId, command.CandidateId), cancellation) is not null);

    public static (IStartStream, OutgoingMessages) Handle(InviteCandidate command, Posting? posting, Candidate? candidate, bool invitedBefore,
        DateTimeOffset now)
    {
        // Invitations go to the talent pool of the posting's skills. Checked before ownership, so any company is told so.
        if (posting is not null && !posting.Details.Skills.Any(command.ScoredSkills.Contains))
            throw new RuleViolation("Invite candidates from the talent pool of one of the posting's skills.");
        var owned = posting.OwnedBy(command.CompanyId, command.PostingId);
        if (owned.Status != PostingStatus.Open) throw new RuleViolation("Invite candidates to an open posting.");
        if (candidate is not { Profile.Discoverable: true }) throw new NotFound("Candidate", command.CandidateId);
        if (invitedBefore) throw new RuleViolation("This candidate has been invited to this posting already.");

        var id = Invitation.IdFor(owned.Id, candidate.Id);
        var expiresAt = now.AddDays(Invitation.LifetimeDays);
        var expiry = new OutgoingMessages();
        expiry.Schedule(new ExpireInvitation(id), expiresAt);
        return (MartenOps.StartStream<Invitation>(id,
            new InvitationSent(id, owned.Id, owned.CompanyId, candidate.Id, command.SubmissionId, command.Message, now, expiresAt)), expiry);
    }
}
