using Marketplace.Domain.Common;
using Wolverine.Marten;

namespace Marketplace.Domain.Candidates;

/// <summary>Null fields keep their current value.</summary>
public sealed record UpdateCandidateProfile(
    Guid CandidateId,
    int? ExpectedVersion,
    string? DisplayName = null,
    string? Email = null,
    string? Headline = null,
    IReadOnlyList<string>? Skills = null,
    bool? Discoverable = null);

[AggregateHandler]
public static class UpdateCandidateProfileHandler
{
    public static Wolverine.Marten.Events Handle(UpdateCandidateProfile command, Candidate? candidate)
    {
        if (candidate is null) throw new NotFound("Candidate", command.CandidateId);
        Versioning.MustMatch(command.ExpectedVersion, candidate.Version);
        var old = candidate.Profile;
        var profile = old with
        {
            DisplayName = command.DisplayName ?? old.DisplayName,
            Email = command.Email ?? old.Email,
            Headline = command.Headline ?? old.Headline,
            Skills = command.Skills ?? old.Skills,
            Discoverable = command.Discoverable ?? old.Discoverable,
        };
        CandidateRules.Validate(profile);
        return profile with { Skills = old.Skills } == old && profile.Skills.SequenceEqual(old.Skills)
            ? []
            : [new CandidateProfileUpdated(candidate.Id, profile)];
    }
}
