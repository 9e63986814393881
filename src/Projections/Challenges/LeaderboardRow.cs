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
/// One candidate on one challenge: their submissions there (a few, up to the attempt limit) and the best of them, a row
/// of the challenge's leaderboard. A page of the board is a range of <see cref="RankKey"/> on one index, and a position is
/// a count over that range, so neither reads more than it shows however many candidates a challenge has.
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
