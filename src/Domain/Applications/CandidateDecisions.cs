using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public sealed record WithdrawApplication(Guid ApplicationId, Guid CandidateId, int? ExpectedVersion, string? Note);

public sealed record AcceptOffer(Guid ApplicationId, Guid CandidateId, int? ExpectedVersion);

public sealed record DeclineOffer(Guid ApplicationId, Guid CandidateId, int? ExpectedVersion, string? Note);

[AggregateHandler]
public static class WithdrawApplicationHandler
{
    public static void Validate(WithdrawApplication command) => ApplicationRules.Note(command.Note);

    public static Events Handle(WithdrawApplication command, Application? application, DateTimeOffset now)
    {
        var current = application.OwnedBy(command.CandidateId, command.ApplicationId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (current.Status == ApplicationStatus.Withdrawn) return [];
        current.MustBeActive();
        return [new ApplicationWithdrawn(current.Id, current.PostingId, current.CompanyId, current.Stage, command.Note, now)];
    }
}

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
