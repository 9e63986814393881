using Marketplace.Domain.Common;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

/// <summary>Null fields keep their current value.</summary>
public sealed record RevisePosting(
    Guid PostingId,
    Guid CompanyId,
    int? ExpectedVersion,
    string? Title = null,
    string? Role = null,
    Seniority? Seniority = null,
    IReadOnlyList<string>? Skills = null,
    string? Location = null,
    RemotePolicy? RemotePolicy = null,
    Salary? Salary = null,
    string? Description = null,
    int? Openings = null);

[AggregateHandler]
public static class RevisePostingHandler
{
    public static Events Handle(RevisePosting command, Posting? posting)
    {
        var current = posting.OwnedBy(command.CompanyId, command.PostingId);
        Versioning.MustMatch(command.ExpectedVersion, current.Version);
        if (current.Status == PostingStatus.Closed)
            throw new RuleViolation("A closed posting cannot be revised; reopen it first.");

        var old = current.Details;
        var details = old with
        {
            Title = command.Title ?? old.Title,
            Role = command.Role ?? old.Role,
            Seniority = command.Seniority ?? old.Seniority,
            Skills = command.Skills ?? old.Skills,
            Location = command.Location ?? old.Location,
            RemotePolicy = command.RemotePolicy ?? old.RemotePolicy,
            Salary = command.Salary ?? old.Salary,
            Description = command.Description ?? old.Description,
            Openings = command.Openings ?? old.Openings,
        };
        PostingRules.Validate(details);
        return SameDetails(details, old)
            ? []
            : [new PostingRevised(current.Id, current.CompanyId, details)];
    }

    private static bool SameDetails(PostingDetails a, PostingDetails b) =>
        a with { Skills = b.Skills } == b && a.Skills.SequenceEqual(b.Skills);
}
