using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Api.Tests.Challenges;

/// <summary>
/// The leaderboard is a row per candidate and the challenge's figures are running totals (docs/performance.md). On random
/// submissions, reviews and withdrawals, with ties in score and in time, what the API answers must be what the simple
/// version gives: every submission counted afresh, best per candidate, sorted.
/// </summary>
public class leaderboard_at_scale(AppFixture app)
{
    /// <summary>What the test reads: the rows, and the counts and figures PostgreSQL keeps from them.</summary>
    private const string Board = "LeaderboardRow:All";

    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private sealed record Sent(Guid Id, Guid Candidate, DateTimeOffset At)
    {
        public int? Score { get; set; }
        public bool Withdrawn { get; set; }
    }

    [Fact]
    public async Task board_figures_and_positions_equal_a_full_recount_on_random_data()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var random = new Random(29);
        var candidates = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToArray();
        var sent = new List<Sent>();

        // First: submissions, most of them reviewed, a few withdrawn (some after their review). Narrow scores and
        // times make ties in both.
        await using (var session = app.Store.LightweightSession())
        {
            foreach (var candidate in candidates)
                for (var attempt = 1; attempt <= random.Next(1, 4); attempt++)
                {
                    var submission = new Sent(SubmissionIds.For(challenge, candidate, attempt), candidate, T0.AddMinutes(random.Next(40)));
                    var events = new List<object>
                    {
                        new SubmissionReceived(submission.Id, challenge, candidate, company.Id, "microservices", attempt, "work", null, submission.At),
                    };
                    if (random.Next(10) < 8)
                    {
                        submission.Score = random.Next(60, 70);
                        events.Add(new FeedbackGenerated(submission.Id, challenge, candidate, "rules", 1, submission.Score.Value, "ok", []));
                    }
                    if (random.Next(10) == 0)
                    {
                        submission.Withdrawn = true;
                        events.Add(new SubmissionWithdrawn(submission.Id, challenge, candidate, T0.AddHours(1)));
                    }
                    session.Events.StartStream<Submission>(submission.Id, events);
                    sent.Add(submission);
                }
            await session.SaveChangesAsync();
        }
        await app.CaughtUp(Board);
        await ShouldAgree(challenge, company.Token, sent);

        // Then each row changes in place: the leaders withdraw their best, waiting submissions are reviewed.
        await using (var session = app.Store.LightweightSession())
        {
            foreach (var leader in Recounted(sent).Take(20))
            {
                var best = sent.Where(s => s.Candidate == leader.Candidate && s is { Withdrawn: false, Score: not null })
                    .OrderByDescending(s => s.Score).ThenBy(s => s.At).First();
                best.Withdrawn = true;
                session.Events.Append(best.Id, new SubmissionWithdrawn(best.Id, challenge, best.Candidate, T0.AddHours(2)));
            }
            foreach (var waiting in sent.Where(s => s is { Score: null, Withdrawn: false }).Take(40))
            {
                waiting.Score = random.Next(60, 75);
                session.Events.Append(waiting.Id, new FeedbackGenerated(waiting.Id, challenge, waiting.Candidate, "rules", 1, waiting.Score.Value, "ok", []));
            }
            await session.SaveChangesAsync();
        }
        await app.CaughtUp(Board);
        await ShouldAgree(challenge, company.Token, sent);
    }

    /// <summary>The simple version: best live score per candidate, higher first, then earlier, then by candidate id's text.</summary>
    private static List<(Guid Candidate, int Score, DateTimeOffset At)> Recounted(List<Sent> sent) =>
        [.. sent.Where(s => s is { Withdrawn: false, Score: not null })
            .GroupBy(s => s.Candidate)
            .Select(g => g.OrderByDescending(s => s.Score).ThenBy(s => s.At).First())
            .OrderByDescending(s => s.Score).ThenBy(s => s.At).ThenBy(s => s.Candidate.ToString("N"), StringComparer.Ordinal)
            .Select(s => (s.Candidate, s.Score!.Value, s.At))];

    private static int Ahead((int Score, DateTimeOffset At, Guid Candidate) a, (int Score, DateTimeOffset At, Guid Candidate) b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score)
        : a.At != b.At ? a.At.CompareTo(b.At)
        : string.CompareOrdinal(a.Candidate.ToString("N"), b.Candidate.ToString("N"));

    private async Task ShouldAgree(Guid challenge, string ownerToken, List<Sent> sent)
    {
        var board = Recounted(sent);
        var live = sent.Where(s => !s.Withdrawn).ToList();
        var scores = live.Where(s => s.Score is not null).Select(s => s.Score!.Value).ToList();

        var figures = await app.Challenge(challenge);
        figures.GetProperty("submissionCount").GetInt32().ShouldBe(live.Count);
        figures.GetProperty("averageScore").GetDouble().ShouldBe(Math.Round(scores.Average(), 1));

        var ranked = new List<(int Rank, string Handle, int Score)>();
        string? after = null;
        int? total = null;
        do
        {
            var page = (await app.Host.GraphQL("query($id: ID!, $after: String) { challenge(id: $id) { leaderboard(first: 100, after: $after) { " +
                "totalCount pageInfo { hasNextPage endCursor } edges { node { rank handle bestScore } } } } }", new { id = challenge, after })).Data("challenge.leaderboard");
            total = page.GetProperty("totalCount").GetInt32();
            ranked.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node"))
                .Select(n => (n.GetProperty("rank").GetInt32(), n.GetProperty("handle").GetString()!, n.GetProperty("bestScore").GetInt32())));
            var info = page.GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        } while (after is not null);

        total.ShouldBe(board.Count);
        ranked.ShouldBe([.. board.Select((row, i) => (i + 1, Handles.For(row.Candidate), row.Score))]);

        // Positions: 1 + the candidates ahead of the better of the candidate's row and this submission, asked for fifty at
        // a time in one request (counted in one statement).
        var scored = sent.Where(s => s.Score is not null).ToList();
        foreach (var chunk in scored.Chunk(50))
        {
            var query = "query { " + string.Join(" ", chunk.Select((s, i) => $"s{i}: submission(id: \"{s.Id}\") {{ leaderboardPosition }}")) + " }";
            var answer = (await app.Host.GraphQL(query, null, ownerToken)).Data();
            for (var i = 0; i < chunk.Length; i++)
            {
                var s = chunk[i];
                var mine = (s.Score!.Value, s.At, s.Candidate);
                foreach (var row in board.Where(r => r.Candidate == s.Candidate))
                    if (Ahead((row.Score, row.At, row.Candidate), mine) < 0) mine = (row.Score, row.At, row.Candidate);
                var expected = 1 + board.Count(r => r.Candidate != s.Candidate && Ahead((r.Score, r.At, r.Candidate), mine) < 0);
                answer.GetProperty($"s{i}").GetProperty("leaderboardPosition").GetInt32().ShouldBe(expected, $"submission {s.Id}");
            }
        }
    }
}
