using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public sealed record WithdrawApplication(Guid ApplicationId, Guid CandidateId, int? ExpectedVersion, string? Note);

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
