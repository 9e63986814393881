using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marten;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Domain.Applications;

public sealed record ApplyToPosting(Guid PostingId, Guid CandidateId, string? CoverNote, IReadOnlyList<Guid> Evidence);

public static class ApplyToPostingHandler
{
    public static void Configure(HandlerChain chain) => StreamCollisions.DecideAgainOnCollision(chain);

    public static void Validate(ApplyToPosting command) => Applying.ValidateInput(command.CoverNote, command.Evidence);

    public static Task<(Candidate?, Posting?, PriorApplications, IReadOnlyList<Submission?>)> LoadAsync(
        ApplyToPosting command, IDocumentSession session, CancellationToken cancellation) =>
        Applying.Load(session, command.CandidateId, command.PostingId, command.Evidence, cancellation);

    public static (ApplicationAccepted, IStartStream) Handle(ApplyToPosting command, Candidate? candidate, Posting? posting,
        PriorApplications prior, IReadOnlyList<Submission?> evidence, DateTimeOffset now)
    {
        Registration.Require(candidate, "applying");
        var request = new ApplicationRequest(command.CandidateId, command.PostingId, ApplicationSource.Direct, command.CoverNote,
            command.Evidence, InvitationId: null);
        return Applying.Decide(request, posting, prior, evidence, now);
    }
}
