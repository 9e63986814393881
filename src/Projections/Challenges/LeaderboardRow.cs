using System.Globalization;
using Marketplace.Domain.Common;
using Marketplace.Domain.Submissions;
using Marten.Events.Projections;

namespace Marketplace.Projections.Challenges;

public sealed record BoardSubmission(DateTimeOffset SubmittedAt, int? Score, bool Withdrawn)
{
    public bool Ranked => Score is not null && !Withdrawn;
}

/// <summary>
/// One candidate on one challenge: their submissions there (a few, up to the attempt limit), the best of them and their
/// share of the challenge's figures; a row of the challenge's leaderboard. PostgreSQL keeps the counts per best score and
/// the figures per challenge from these rows as they are written (docs/adr/0033), so the board, its total and its
/// figures always agree, and none of them reads more rows than it shows.
/// </summary>
public sealed class LeaderboardRow
{
    public Guid Id { get; set; }
    public Guid ChallengeId { get; set; }
    public Guid CandidateId { get; set; }
    public Dictionary<Guid, BoardSubmission> Submissions { get; set; } = [];
    public int? BestScore { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>The board's order as one string, ascending; null while the candidate has no live, scored submission.</summary>
    public string? RankKey { get; set; }

    /// <summary>This candidate's share of the challenge's figures: live submissions, and the number and sum of their scores.</summary>
    public int Live { get; set; }

    public int Scored { get; set; }
    public long ScoreTotal { get; set; }

    public static Guid IdFor(Guid challengeId, Guid candidateId) => DerivedIds.From($"leaderboard/{challengeId:N}/{candidateId:N}");

    /// <summary>
    /// Best score first, ties to the earlier submission, then to the candidate id's text: fixed-width digits and hex,
    /// so every collation orders them as ordinal text does.
    /// </summary>
    public static string KeyFor(int score, DateTimeOffset submittedAt, Guid candidateId) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)int.MaxValue - score:D10}{submittedAt.UtcTicks:D19}{candidateId:N}");

    public void Set(Guid submissionId, BoardSubmission submission)
    {
        Submissions[submissionId] = submission;
        Live = Submissions.Values.Count(s => !s.Withdrawn);
        Scored = Submissions.Values.Count(s => s.Ranked);
        ScoreTotal = Submissions.Values.Where(s => s.Ranked).Sum(s => (long)s.Score!.Value);
        var best = Submissions.Values.Where(s => s.Ranked)
            .OrderByDescending(s => s.Score).ThenBy(s => s.SubmittedAt).FirstOrDefault();
        BestScore = best?.Score;
        SubmittedAt = best?.SubmittedAt;
        RankKey = best is null ? null : KeyFor(best.Score!.Value, best.SubmittedAt, CandidateId);
    }
}

public partial class LeaderboardRowProjection : MultiStreamProjection<LeaderboardRow, Guid>
{
    public LeaderboardRowProjection()
    {
        Identity<SubmissionReceived>(e => LeaderboardRow.IdFor(e.ChallengeId, e.CandidateId));
        Identity<FeedbackGenerated>(e => LeaderboardRow.IdFor(e.ChallengeId, e.CandidateId));
        Identity<SubmissionWithdrawn>(e => LeaderboardRow.IdFor(e.ChallengeId, e.CandidateId));
    }

    public void Apply(SubmissionReceived e, LeaderboardRow entry)
    {
        entry.ChallengeId = e.ChallengeId;
        entry.CandidateId = e.CandidateId;
        entry.Set(e.SubmissionId, new BoardSubmission(e.SubmittedAt, null, false));
    }

    public void Apply(FeedbackGenerated e, LeaderboardRow entry)
    {
        if (entry.Submissions.TryGetValue(e.SubmissionId, out var submission)) entry.Set(e.SubmissionId, submission with { Score = e.OverallScore });
    }

    public void Apply(SubmissionWithdrawn e, LeaderboardRow entry)
    {
        if (entry.Submissions.TryGetValue(e.SubmissionId, out var submission)) entry.Set(e.SubmissionId, submission with { Withdrawn = true });
    }
}
