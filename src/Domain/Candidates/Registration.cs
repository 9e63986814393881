using Marketplace.Domain.Common;

namespace Marketplace.Domain.Candidates;

public static class Registration
{
    /// <summary>Applying and submitting need a candidate profile; an erased one counts as none.</summary>
    public static void Require(Candidate? candidate, string doing)
    {
        if (candidate is null or { Erased: true })
            throw new RuleViolation($"Register your candidate profile (registerCandidate) before {doing}.");
    }
}
