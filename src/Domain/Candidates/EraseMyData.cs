using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Candidates;

public sealed record EraseMyData(Guid CandidateId);

/// <summary>Masks the candidate's personal data in the stored events; sent with the erasure, run from the outbox.</summary>
public sealed record MaskCandidateEvents(Guid CandidateId);

[AggregateHandler]
public static class EraseMyDataHandler
{
    public static (Events, OutgoingMessages) Handle(EraseMyData command, Candidate? candidate, DateTimeOffset now)
    {
        if (candidate is null) throw new NotFound("Candidate", command.CandidateId);
        if (candidate.Erased) return ([], []);
        return ([new CandidateErased(candidate.Id, now)], [new MaskCandidateEvents(candidate.Id)]);
    }
}
