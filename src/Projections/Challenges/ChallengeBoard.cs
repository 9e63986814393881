using Marketplace.Domain.Submissions;
using Marten.Events.Projections;

namespace Marketplace.Projections.Challenges;

/// <summary>One candidate's place on a challenge's leaderboard.</summary>
public sealed record LeaderboardRow(Guid CandidateId, int BestScore, DateTimeOffset SubmittedAt);

public sealed record BoardSubmission(Guid CandidateId, DateTimeOffset SubmittedAt, int? Score, bool Withdrawn);

/// <summary>
/// Per challenge: its submissions' scores, the statistics and the leaderboard (best score per candidate, ties to
/// the earlier submission). Built asynchronously from the submission streams. Each event changes the figures in place
/// (one candidate's row, a running total); recounting every submission on every event made a busy challenge's board
/// quadratic and held the async projections back after bursts of submissions (docs/performance.md).
/// </summary>
public sealed class ChallengeBoard
{
    private static readonly Comparer<LeaderboardRow> Ranking = Comparer<LeaderboardRow>.Create((a, b) =>
        b.BestScore != a.BestScore ? b.BestScore.CompareTo(a.BestScore)
        : a.SubmittedAt != b.SubmittedAt ? a.SubmittedAt.CompareTo(b.SubmittedAt)
        : a.CandidateId.CompareTo(b.CandidateId));

    public Guid Id { get; set; }
    public Dictionary<Guid, BoardSubmission> Submissions { get; set; } = [];
    public int SubmissionCount { get; set; }
    public double? AverageScore { get; set; }
    public List<LeaderboardRow> Leaderboard { get; set; } = [];

    /// <summary>The sum and number of scores of live submissions, kept so the average needs no pass over them.</summary>
    public long ScoreTotal { get; set; }

    public int ScoredCount { get; set; }

    /// <summary>Records a submission's new state and moves the figures by the difference.</summary>
    public void Set(Guid submissionId, BoardSubmission after)
    {
        // Boards stored before the running totals existed have scores but no count: count them once.
        if (ScoredCount == 0 && Leaderboard.Count > 0) Recount();
        Submissions.TryGetValue(submissionId, out var before);
        Submissions[submissionId] = after;
        Count(before, -1);
        Count(after, +1);
        AverageScore = ScoredCount == 0 ? null : Math.Round((double)ScoreTotal / ScoredCount, 1);
        if (IsScored(before) || IsScored(after)) Rank(after.CandidateId);
    }

    private void Count(BoardSubmission? submission, int sign)
    {
        if (submission is null or { Withdrawn: true }) return;
        SubmissionCount += sign;
        if (submission.Score is not { } score) return;
        ScoreTotal += sign * score;
        ScoredCount += sign;
    }

    private static bool IsScored(BoardSubmission? submission) => submission is { Withdrawn: false, Score: not null };

    /// <summary>Puts one candidate's best live submission in its place on the leaderboard, or takes the candidate off.</summary>
    private void Rank(Guid candidateId)
    {
        var at = Leaderboard.FindIndex(row => row.CandidateId == candidateId);
        if (at >= 0) Leaderboard.RemoveAt(at);
        LeaderboardRow? best = null;
        foreach (var submission in Submissions.Values)
        {
            if (submission.CandidateId != candidateId || !IsScored(submission)) continue;
            var row = new LeaderboardRow(candidateId, submission.Score!.Value, submission.SubmittedAt);
            if (best is null || Ranking.Compare(row, best) < 0) best = row;
        }
        if (best is null) return;
        var place = Leaderboard.BinarySearch(best, Ranking);
        Leaderboard.Insert(place < 0 ? ~place : place, best);
    }

    /// <summary>
    /// Where a candidate stands with a score just given (1 + the candidates ahead by <see cref="Ranking"/>), counted from
    /// the board and that score, so it holds before the board (kept in the background) has it: the candidate's best is
    /// the better of their row and the new score.
    /// </summary>
    public int PositionWith(Guid candidateId, int score, DateTimeOffset submittedAt)
    {
        var mine = new LeaderboardRow(candidateId, score, submittedAt);
        if (Leaderboard.FirstOrDefault(r => r.CandidateId == candidateId) is { } row && Ranking.Compare(row, mine) < 0) mine = row;
        return 1 + Leaderboard.Count(r => r.CandidateId != candidateId && Ranking.Compare(r, mine) < 0);
    }

    /// <summary>Every figure from the submissions afresh: for boards stored before the running totals, and the tests' reference.</summary>
    public void Recount()
    {
        var live = Submissions.Values.Where(s => !s.Withdrawn).ToList();
        var scored = live.Where(s => s.Score is not null).ToList();
        SubmissionCount = live.Count;
        ScoredCount = scored.Count;
        ScoreTotal = scored.Sum(s => (long)s.Score!.Value);
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

    public void Apply(SubmissionReceived e, ChallengeBoard board) =>
        board.Set(e.SubmissionId, new BoardSubmission(e.CandidateId, e.SubmittedAt, null, false));

    public void Apply(FeedbackGenerated e, ChallengeBoard board)
    {
        if (board.Submissions.TryGetValue(e.SubmissionId, out var submission)) board.Set(e.SubmissionId, submission with { Score = e.OverallScore });
    }

    public void Apply(SubmissionWithdrawn e, ChallengeBoard board)
    {
        if (board.Submissions.TryGetValue(e.SubmissionId, out var submission)) board.Set(e.SubmissionId, submission with { Withdrawn = true });
    }
}
