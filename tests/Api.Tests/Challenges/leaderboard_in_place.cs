using System.Text.Json;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Challenges;
using Shouldly;

namespace Marketplace.Api.Tests.Challenges;

/// <summary>
/// The challenge board changes its figures in place for each event (docs/performance.md); after every event they must
/// be what counting all the submissions afresh gives.
/// </summary>
public class leaderboard_in_place
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void every_event_leaves_the_figures_a_full_recount_gives(int seed)
    {
        var random = new Random(seed);
        var projection = new ChallengeBoardProjection();
        var board = new ChallengeBoard { Id = Guid.NewGuid() };
        var candidates = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        var submitted = new List<(Guid Id, Guid Candidate)>();

        for (var step = 0; step < 600; step++)
        {
            var roll = random.Next(10);
            if (roll < 4 || submitted.Count == 0)
            {
                var submission = (Id: Guid.NewGuid(), Candidate: candidates[random.Next(candidates.Length)]);
                submitted.Add(submission);
                // Equal times happen: ties must break the same way.
                projection.Apply(new SubmissionReceived(submission.Id, board.Id, submission.Candidate, null, "microservices", 1, "work", null,
                    T0.AddMinutes(random.Next(200))), board);
            }
            else
            {
                var (id, candidate) = submitted[random.Next(submitted.Count)];
                if (roll < 9)
                    projection.Apply(new FeedbackGenerated(id, board.Id, candidate, "rules", 1, random.Next(40, 60), "ok", []), board);
                else
                    projection.Apply(new SubmissionWithdrawn(id, board.Id, candidate, T0), board);
            }

            var recounted = JsonSerializer.Deserialize<ChallengeBoard>(JsonSerializer.Serialize(board))!;
            recounted.Recount();
            JsonSerializer.Serialize(board).ShouldBe(JsonSerializer.Serialize(recounted), $"after step {step}");
        }
        board.Leaderboard.Count.ShouldBeGreaterThan(3);
    }

    [Fact]
    public void a_board_stored_before_the_running_totals_is_counted_once_and_then_kept_in_place()
    {
        var candidate = Guid.NewGuid();
        var scored = Guid.NewGuid();
        var legacy = new ChallengeBoard
        {
            Submissions = { [scored] = new BoardSubmission(candidate, T0, 80, false) },
            SubmissionCount = 1,
            AverageScore = 80,
            Leaderboard = [new LeaderboardRow(candidate, 80, T0)],
        };

        var other = Guid.NewGuid();
        new ChallengeBoardProjection().Apply(new SubmissionReceived(Guid.NewGuid(), legacy.Id, other, null, "microservices", 1, "work", null, T0), legacy);

        (legacy.SubmissionCount, legacy.ScoredCount, legacy.ScoreTotal, legacy.AverageScore).ShouldBe((2, 1, 80L, 80.0));
    }
}
