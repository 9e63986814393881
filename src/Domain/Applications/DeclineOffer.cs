using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public sealed record DeclineOffer(Guid ApplicationId, Guid CandidateId, int? ExpectedVersion, string? Note);

[AggregateHandler]
public static class DeclineOfferHandler
{
    public static void Validate(DeclineOffer command) => ApplicationRules.Note(command.Note);

    public static Events Handle(DeclineOffer command, Application? application, DateTimeOffset now)
    {
        var current = application.OwnedBy(command.CandidateId, command.ApplicationId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (current.Status == ApplicationStatus.OfferDeclined) return [];
        current.MustBeActive();
        if (current.Stage != Stage.Offer) throw new RuleViolation("There is no offer to decline.");
        return [new OfferDeclined(current.Id, current.PostingId, current.CompanyId, command.Note, now)];
    }
}
