using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public sealed record AcceptOffer(Guid ApplicationId, Guid CandidateId, int? ExpectedVersion);

[AggregateHandler]
public static class AcceptOfferHandler
{
    /// <summary>Accepting is a hire: the posting counts it, and closes itself when its last opening is filled.</summary>
    public static (Events, OutgoingMessages) Handle(AcceptOffer command, Application? application, DateTimeOffset now)
    {
        var current = application.OwnedBy(command.CandidateId, command.ApplicationId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (current.Status == ApplicationStatus.Hired) return ([], []);
        current.MustBeActive();
        if (current.Stage != Stage.Offer) throw new RuleViolation("There is no offer to accept.");
        return ([new OfferAccepted(current.Id, current.PostingId, current.CompanyId, current.CandidateId, now)],
            [new RecordHire(current.PostingId, current.Id)]);
    }
}
