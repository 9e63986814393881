using Marketplace.Domain.Submissions;
using Marten.Events.Projections;

namespace Marketplace.Projections.Challenges;

/// <summary>One candidate's place on a challenge's leaderboard.</summary>
public sealed record LeaderboardRow(Guid CandidateId, int BestScore, DateTimeOffset SubmittedAt);

public sealed record BoardSubmission(Guid CandidateId, DateTimeOffset SubmittedAt, int? Score, bool Withdrawn);

/// <summary>
/// Per challenge: its submissions' scores, the statistics and the leaderboard (best score per candidate, ties to
/// the earlier submission). Built asynchronously from the submission streams.
/// </summary>
public sealed class ChallengeBoard
{
    public Guid Id { get; set; }
    public Dictionary<Guid, BoardSubmission> Submissions { get; set; } = [];
    public int SubmissionCount { get; set; }
    public double? AverageScore { get; set; }
    public List<LeaderboardRow> Leaderboard { get; set; } = [];

    public void Recount()
    {
        var live = Submissions.Values.Where(s => !s.Withdrawn).ToList();
        var scored = live.Where(s => s.Score is not null).ToList();
        SubmissionCount = live.Count;
        AverageScore = scored.Count == 0 ? null : Math.Round(scored.Average(s => s.Score!.Value), 1);
        Leaderboard = scored
            .GroupBy(s => s.CandidateId)
            .Select(g => g.OrderByDescending(s => s.Score).ThenBy(s => s.SubmittedAt).First())
            .OrderByDescending(s => s.Score).ThenBy(s => s.SubmittedAt).ThenBy(s => s.CandidateId)
            .Select(s => new LeaderboardRow(s.CandidateId, s.Score!.Value, s.SubmittedAt))
            .ToList();
    }
}

public partial class ChallengeBoardProjection : MultiStreamProjection<ChallengeBoard, Guid>
{
    public ChallengeBoardProjection()
    {
        Identity<SubmissionReceived>(e => e.ChallengeId);
        Identity<FeedbackGenerated>(e => e.ChallengeId);
        Identity<SubmissionWithdrawn>(e => e.ChallengeId);
    }

    public void Apply(SubmissionReceived e, ChallengeBoard board)
    {
        board.Submissions[e.SubmissionId] = new BoardSubmission(e.CandidateId, e.SubmittedAt, null, false);
        board.Recount();
    }

    public void Apply(FeedbackGenerated e, ChallengeBoard board)
    {
        if (board.Submissions.TryGetValue(e.SubmissionId, out var submission))
            board.Submissions[e.SubmissionId] = submission with { Score = e.OverallScore };
        board.Recount();
    }

    public void Apply(SubmissionWithdrawn e, ChallengeBoard board)
    {
        if (board.Submissions.TryGetValue(e.SubmissionId, out var submission))
            board.Submissions[e.SubmissionId] = submission with { Withdrawn = true };
        board.Recount();
    }
}
