using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using Marten.Events.Projections;

namespace Marketplace.Projections.Challenges;

/// <summary>
/// Per challenge: the number of live submissions and the average score, as running totals. Its leaderboard is not
/// here but in <see cref="LeaderboardRow"/> rows, one per candidate, so a busy challenge's figures stay one small
/// document however many submissions it has (docs/performance.md).
/// </summary>
public sealed class ChallengeBoard
{
    public Guid Id { get; set; }
    public int SubmissionCount { get; set; }
    public double? AverageScore { get; set; }

    /// <summary>The sum and number of scores of live submissions, kept so the average needs no pass over them.</summary>
    public long ScoreTotal { get; set; }

    public int ScoredCount { get; set; }

    public void Score(int score, int sign)
    {
        ScoreTotal += sign * score;
        ScoredCount += sign;
        AverageScore = ScoredCount == 0 ? null : Math.Round((double)ScoreTotal / ScoredCount, 1);
    }
}

/// <summary>
/// Moves the figures by each event alone, which holds because a submission is reviewed at most once and never after it
/// is withdrawn (<see cref="Reviewing.Awaits"/>); a withdrawal takes back the score its submission's view holds.
/// </summary>
public partial class ChallengeBoardProjection : MultiStreamProjection<ChallengeBoard, Guid>
{
    public ChallengeBoardProjection()
    {
        Identity<SubmissionReceived>(e => e.ChallengeId);
        Identity<FeedbackGenerated>(e => e.ChallengeId);
        Identity<SubmissionWithdrawn>(e => e.ChallengeId);
    }

    public void Apply(SubmissionReceived e, ChallengeBoard board) => board.SubmissionCount++;

    public void Apply(FeedbackGenerated e, ChallengeBoard board) => board.Score(e.OverallScore, +1);

    /// <summary>The submission's view is inline, so it is committed with the withdrawal, long before the daemon reads it.</summary>
    public async Task<ChallengeBoard> Apply(SubmissionWithdrawn e, ChallengeBoard board, IQuerySession session)
    {
        board.SubmissionCount--;
        if (await session.LoadAsync<SubmissionView>(e.SubmissionId) is { Feedback: { } feedback }) board.Score(feedback.OverallScore, -1);
        return board;
    }
}
