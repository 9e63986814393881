using Marketplace.Domain.Submissions;
using Marten.Events.Projections;

namespace Marketplace.Projections.Talent;

public sealed record TalentSubmission(string Skill, int? Score, bool Withdrawn);

/// <summary>
/// A candidate's best challenge score per skill, built asynchronously from submissions. Whether the candidate may be
/// found is read from their profile at query time, so turning discoverability off hides them at once.
/// </summary>
public sealed class TalentProfile
{
    public Guid Id { get; set; }
    public Dictionary<Guid, TalentSubmission> Submissions { get; set; } = [];
    public Dictionary<string, int> Best { get; set; } = [];

    public void Recount() =>
        Best = Submissions.Values.Where(s => s is { Withdrawn: false, Score: not null })
            .GroupBy(s => s.Skill).ToDictionary(g => g.Key, g => g.Max(s => s.Score!.Value));
}

public partial class TalentProfileProjection : MultiStreamProjection<TalentProfile, Guid>
{
    public TalentProfileProjection()
    {
        Identity<SubmissionReceived>(e => e.CandidateId);
        Identity<FeedbackGenerated>(e => e.CandidateId);
        Identity<SubmissionWithdrawn>(e => e.CandidateId);
    }

    public void Apply(SubmissionReceived e, TalentProfile profile) =>
        profile.Submissions[e.SubmissionId] = new TalentSubmission(e.Skill, null, false);

    public void Apply(FeedbackGenerated e, TalentProfile profile)
    {
        if (profile.Submissions.TryGetValue(e.SubmissionId, out var submission))
            profile.Submissions[e.SubmissionId] = submission with { Score = e.OverallScore };
        profile.Recount();
    }

    public void Apply(SubmissionWithdrawn e, TalentProfile profile)
    {
        if (profile.Submissions.TryGetValue(e.SubmissionId, out var submission))
            profile.Submissions[e.SubmissionId] = submission with { Withdrawn = true };
        profile.Recount();
    }
}
