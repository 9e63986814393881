using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// --leaderboard: a challenge with 100,000 submissions against one with 100 (issue 29, lever 6). Both are given their
/// earlier submissions by COPY (<see cref="EarlierSubmissions"/>), each from a candidate of its own, so the big board has
/// 100,000 rows; the daemon projects them before anything is timed. Then, taking the two challenges in turn so the host's
/// noise falls on both alike: a submission's answer, its review and copy check (a copy of an earlier submission, so the
/// check finds it: commit to flag), the challenge page's leaderboard and a submission's leaderboard position. Each figure
/// at 100,000 is held to at most twice its value at 100. Reads are made by a signed-in candidate, so the answer cache
/// (anonymous only) does not answer them.
/// </summary>
public sealed class LeaderboardBenchmarks(BenchContext context)
{
    private const string Name = "leaderboard at scale";
    private const int Small = 100;
    private const int Big = 100_000;
    private const int Probes = 20;
    private const int Reads = 200;
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private const string BoardQuery =
        "query($id: ID!) { challenge(id: $id) { id title submissionCount averageScore " +
        "leaderboard(first: 20) { totalCount edges { node { rank handle bestScore submittedAt } } } } }";

    private const string PositionQuery = "query($id: ID!) { submission(id: $id) { id leaderboardPosition } }";

    private readonly CancellationToken cancellation = context.Cancellation;

    public async Task Run()
    {
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        await using var server = await context.Launcher.Serve(context.Databases.Main, context.Http, cancellation);
        var client = new GraphQLClient(context.Http, server.GraphQL);
        var world = await World.Create(client, context, Probes * 2, "bench-leaderboard");
        var writer = new EarlierSubmissions(database, cancellation);
        var challenges = new[] { (Size: Small, Id: world.Challenges[0]), (Size: Big, Id: world.Challenges[1]) };
        var contents = new Dictionary<int, string[]>();
        foreach (var (size, id) in challenges)
        {
            Log.Detail($"setup: {size:N0} earlier submissions by COPY");
            var started = Stopwatch.GetTimestamp();
            contents[size] = await writer.Write(world, id, size);
            Log.Detail($"  written in {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s");
        }
        var settling = Stopwatch.GetTimestamp();
        if (await ProjectionLag.Measure(database, SettleLimit, cancellation) is null)
        {
            context.Report.Fail(Name, $"the async projections did not catch up with {Big:N0} submissions within {SettleLimit.TotalMinutes:0} min");
            return;
        }
        context.Report.AddText($"the daemon's projections of {Big + Small:N0} earlier submissions (boards, leaderboard rows, profiles): caught up after",
            $"{Stopwatch.GetElapsedTime(settling).TotalSeconds:N0} s", Name);

        var submits = challenges.ToDictionary(c => c.Size, _ => new List<long>());
        var checks = challenges.ToDictionary(c => c.Size, _ => new List<long>());
        var probes = challenges.ToDictionary(c => c.Size, _ => new List<(Guid Submission, string Token)>());
        for (var probe = 0; probe < Probes; probe++)
            foreach (var (size, id) in challenges)
            {
                var candidate = world.Candidates[probe * 2 + (size == Big ? 1 : 0)];
                var started = Stopwatch.GetTimestamp();
                var (data, problem) = await client.TryData(GraphQLRequest.Of(Documents.SubmitToChallenge,
                    new { input = new { challengeId = id, content = contents[size][probe] } }, candidate.Token), cancellation);
                var answered = Stopwatch.GetTimestamp() - started;
                if (problem is not null)
                {
                    context.Report.Fail(Name, problem);
                    continue;
                }
                submits[size].Add(answered);
                var submission = data.GetProperty("submitToChallenge").GetProperty("submission").GetProperty("id").GetGuid();
                probes[size].Add((submission, candidate.Token));
                if (await CopyFlags.FlaggedAfter(database, submission, ProbeTimeout, cancellation) is { } check) checks[size].Add(Window.Ticks(check));
                else context.Report.Fail(Name, $"a copy among {size:N0} earlier submissions was not flagged within {ProbeTimeout.TotalSeconds:0} s");
            }

        var boards = challenges.ToDictionary(c => c.Size, _ => new List<long>());
        var positions = challenges.ToDictionary(c => c.Size, _ => new List<long>());
        var reader = world.Candidates[0].Token;
        for (var read = 0; read < Reads; read++)
            foreach (var (size, id) in challenges)
            {
                boards[size].Add(await Timed(client, GraphQLRequest.Of(BoardQuery, new { id }, reader)));
                var (submission, token) = probes[size][read % probes[size].Count];
                positions[size].Add(await Timed(client, GraphQLRequest.Of(PositionQuery, new { id = submission }, token)));
            }

        Compare("submitToChallenge, one at a time: answer p50", submits, 50);
        Compare("review and copy check, one job: commit to flag, p50", checks, 50);
        Compare("challenge page's leaderboard (first 20, totalCount, figures), signed in: p50", boards, 50);
        Compare("challenge page's leaderboard: p95", boards, 95);
        Compare("a submission's leaderboardPosition: p50", positions, 50);
        Compare("a submission's leaderboardPosition: p95", positions, 95);
    }

    private void Compare(string figure, Dictionary<int, List<long>> times, double percentile)
    {
        var small = new Latencies(times[Small]).PercentileMs(percentile);
        var big = new Latencies(times[Big]).PercentileMs(percentile);
        context.Report.Add($"{figure} at {Big:N0} submissions, against {Small:N0}", new Measure(big, "ms"), Name,
            baseline: new Measure(small, "ms", $"at {Small:N0}"), target: Target.AtMostTimesBaseline(2));
    }

    private async Task<long> Timed(GraphQLClient client, GraphQLRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var (_, problem) = await client.TryData(request, cancellation);
        if (problem is not null) context.Report.Fail(Name, problem);
        return Stopwatch.GetTimestamp() - started;
    }
}
