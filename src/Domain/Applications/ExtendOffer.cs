using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public sealed record ExtendOffer(Guid ApplicationId, Guid CompanyId, string By, int? ExpectedVersion, string? Note);

[AggregateHandler]
public static class ExtendOfferHandler
{
    public static void Validate(ExtendOffer command) => ApplicationRules.Note(command.Note);

    public static Events Handle(ExtendOffer command, Application? application, DateTimeOffset now)
    {
        var current = application.ManagedBy(command.CompanyId, command.ApplicationId).MustBeActive();
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (current.Stage == Stage.Offer) return [];
        return [new OfferExtended(current.Id, current.PostingId, current.CompanyId, current.Stage,
            ApplicationRules.Between(current.Stage, Stage.Offer), command.Note, command.By, now)];
    }
}
