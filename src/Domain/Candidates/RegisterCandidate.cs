using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Candidates;

/// <summary>The candidate's id is the subject of their token.</summary>
public sealed record RegisterCandidate(Guid CandidateId, CandidateProfile Profile);

public static class RegisterCandidateHandler
{
    public static void Validate(RegisterCandidate command) => CandidateRules.Validate(command.Profile);

    public static async Task<bool> LoadAsync(RegisterCandidate command, Marten.IDocumentSession session, CancellationToken cancellation) =>
        await session.Events.FetchStreamStateAsync(command.CandidateId, cancellation) is not null;

    public static IStartStream Handle(RegisterCandidate command, bool alreadyRegistered) =>
        alreadyRegistered
            ? throw new RuleViolation("You are registered already; update your profile instead.")
            : MartenOps.StartStream<Candidate>(command.CandidateId,
                new CandidateRegistered(command.CandidateId, Handles.For(command.CandidateId), command.Profile));
}
