using Marketplace.Domain.Candidates;

namespace Marketplace.Projections.Meaning;

/// <summary>One reviewed submission as a candidate's matching sees it: what it says as a whole, and how well it did.</summary>
public sealed record WorkMeaning(Guid SubmissionId, string Whole, int Score);

/// <summary>
/// What a candidate offers, as vectors: their profile (headline and skills, never the name or email) and each reviewed,
/// not withdrawn submission's whole with its score. One small document per candidate, so that a node loads every
/// candidate's meaning without reading every submission's passages; the matching index blends them (docs/adr/0030).
/// Written by <see cref="SubmissionMeaningProjection"/>, the one projection that has the submissions' vectors.
/// </summary>
public sealed class CandidateMeaning
{
    public Guid Id { get; set; }
    public string Profile { get; set; } = "";
    public List<WorkMeaning> Work { get; set; } = [];

    /// <summary>The sentence a profile is known by; empty when it says nothing to match.</summary>
    public static string Summary(CandidateProfile profile)
    {
        var skills = profile.Skills.Count == 0 ? "" : $"Skills: {string.Join(", ", profile.Skills)}.";
        return $"{profile.Headline?.Trim().TrimEnd('.')}{(profile.Headline is { Length: > 0 } ? ". " : "")}{skills}".Trim();
    }

    public void Reviewed(SubmissionMeaning submission)
    {
        Work.RemoveAll(w => w.SubmissionId == submission.Id);
        if (submission is { Withdrawn: false, Score: { } score, Whole.Length: > 0 }) Work.Add(new WorkMeaning(submission.Id, submission.Whole, score));
    }
}
