using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

/// <summary>Moves an application forward to SCREENING or INTERVIEW; skipped stages are recorded.</summary>
public sealed record AdvanceApplication(Guid ApplicationId, Guid CompanyId, string By, int? ExpectedVersion, Stage ToStage, string? Note);

[AggregateHandler]
public static class AdvanceApplicationHandler
{
    public static void Validate(AdvanceApplication command) => ApplicationRules.Note(command.Note);

    public static Events Handle(AdvanceApplication command, Application? application, DateTimeOffset now)
    {
        var current = application.ManagedBy(command.CompanyId, command.ApplicationId).MustBeActive();
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (command.ToStage is Stage.Offer) throw new RuleViolation("Use extendOffer to make an offer.");
        if (command.ToStage is Stage.Hired) throw new RuleViolation("A candidate is hired by accepting an offer.");
        if (command.ToStage <= current.Stage)
            throw new RuleViolation($"Applications only move forward; this one is at {current.Stage} already.");
        return [new ApplicationAdvanced(current.Id, current.PostingId, current.CompanyId, current.Stage, command.ToStage,
            ApplicationRules.Between(current.Stage, command.ToStage), command.Note, command.By, now)];
    }
}
