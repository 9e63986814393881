using Marketplace.Domain.Candidates;
using Marketplace.Domain.Submissions;
using Marten.Events.Projections;

namespace Marketplace.Projections.Talent;

public sealed record TalentSubmission(string Skill, int? Score, bool Withdrawn);

/// <summary>
/// A candidate's best challenge score per skill, built asynchronously from submissions, and whether the candidate lets
/// companies find them, from their profile's events. PostgreSQL keeps the talent pool's rows from these documents as
/// they are written (docs/adr/0035): a row per skill of each discoverable candidate, and the counts per score.
/// </summary>
public sealed class TalentProfile
{
    public Guid Id { get; set; }
    public Dictionary<Guid, TalentSubmission> Submissions { get; set; } = [];
    public Dictionary<string, int> Best { get; set; } = [];
    public bool Discoverable { get; set; }

    public void Recount() =>
        Best = Submissions.Values.Where(s => s is { Withdrawn: false, Score: not null })
            .GroupBy(s => s.Skill).ToDictionary(g => g.Key, g => g.Max(s => s.Score!.Value));
}

public partial class TalentProfileProjection : MultiStreamProjection<TalentProfile, Guid>
{
    public TalentProfileProjection()
    {
        Identity<CandidateRegistered>(e => e.CandidateId);
        Identity<CandidateProfileUpdated>(e => e.CandidateId);
        Identity<CandidateErased>(e => e.CandidateId);
        Identity<SubmissionReceived>(e => e.CandidateId);
        Identity<FeedbackGenerated>(e => e.CandidateId);
        Identity<SubmissionWithdrawn>(e => e.CandidateId);
    }

    public void Apply(CandidateRegistered e, TalentProfile profile) => profile.Discoverable = e.Profile.Discoverable;

    public void Apply(CandidateProfileUpdated e, TalentProfile profile) => profile.Discoverable = e.Profile.Discoverable;

    /// <summary>Erasure leaves the scores (statistics, not personal data) but takes the candidate out of the pool.</summary>
    public void Apply(CandidateErased e, TalentProfile profile) => profile.Discoverable = false;

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
