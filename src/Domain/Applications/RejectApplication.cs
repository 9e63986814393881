using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public sealed record RejectApplication(Guid ApplicationId, Guid CompanyId, string By, int? ExpectedVersion, RejectionReason Reason, string? Note);

[AggregateHandler]
public static class RejectApplicationHandler
{
    public static void Validate(RejectApplication command) => ApplicationRules.Note(command.Note);

    public static Events Handle(RejectApplication command, Application? application, DateTimeOffset now)
    {
        var current = application.ManagedBy(command.CompanyId, command.ApplicationId).MustBeActive();
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        return [new ApplicationRejected(current.Id, current.PostingId, current.CompanyId, current.Stage, command.Reason, command.Note, command.By, now)];
    }
}
