using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// Submissions at a sustained rate, half submitToChallenge's peak, on one challenge: how long a candidate waits for
/// feedback, how deep the background queues grow and how long they take to drain; once on a fresh challenge and once
/// on a challenge that already holds 10,000 submissions. Then what one copy check costs at 100, 1,000 and 10,000
/// earlier submissions. Everything is read from outside the API (its answers and its tables), so it measures any
/// implementation of the copy check.
/// </summary>
public sealed class FeedbackBenchmarks(BenchContext context)
{
    private const int Many = 10_000;
    private static readonly int[] Sizes = [100, 1_000, Many];

    /// <summary>Attempts per candidate per challenge in a load: looking for the next free attempt grows with it (ADR 8).</summary>
    private const int AttemptsEach = 5;

    private static readonly TimeSpan FeedbackTarget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTarget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(120);

    private readonly Report report = context.Report;
    private readonly BenchOptions options = context.Options;

    /// <summary>
    /// How long to wait for the queues after a load: past it what is left, and how fast it goes down, is reported, and
    /// the API is restarted with its queues emptied, so the next figures are not measured behind that backlog.
    /// </summary>
    private TimeSpan DrainLimit => options.Mode == "quick" ? DrainTarget : TimeSpan.FromSeconds(30);

    private ApiServer? server;
    private GraphQLClient? client;
    private Load? load;

    public async Task Run(double submissionPeak)
    {
        const string name = "sustained submissions";
        if (submissionPeak < 2)
        {
            report.Fail(name, "no submitToChallenge throughput to take half of");
            return;
        }
        var rate = submissionPeak / 2;
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        try
        {
            // The reviews and copy checks the bursts left (the last server is gone) would be drained first otherwise.
            await DiscardQueued(database);
            await Serve();
            var candidates = (int)Math.Ceiling(rate * options.FeedbackLoad.TotalSeconds / AttemptsEach);
            Log.Detail($"setup: challenges, {candidates} candidates");
            var world = await World.Create(client!, context, candidates, "bench-feedback");
            Log.Detail($"setup: {string.Join(", ", Sizes.Select(s => s.ToString("N0")))} earlier submissions by COPY");
            var earlier = new Dictionary<int, (Guid Challenge, string[] Contents)>();
            var writer = new EarlierSubmissions(database, context.Cancellation);
            for (var i = 0; i < Sizes.Length; i++)
                earlier[Sizes[i]] = (world.Challenges[i + 1], await writer.Write(world, world.Challenges[i + 1], Sizes[i]));
            // The daemon projects the earlier submissions onto their boards and profiles before anything is timed.
            if (await ProjectionLag.Measure(database, SettleLimit, context.Cancellation) is null)
                report.Fail(name, $"the async projections did not catch up with the earlier submissions within {SettleLimit.TotalSeconds:0} s");

            await Sustained(database, world, rate, [world.Challenges[0]], "a fresh challenge");
            await Sustained(database, world, rate, [earlier[Many].Challenge], $"a challenge with {Many:N0} earlier submissions");
            // The same load spread over the challenges nothing else used: one challenge must cost no more than many.
            Guid[] spread = [.. world.Challenges.Skip(Sizes.Length + 1)];
            await Sustained(database, world, rate, spread, $"{spread.Length} fresh challenges, spread");
            await CopyChecks(database, world, earlier);
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
        }
    }

    private async Task Serve()
    {
        server = await context.Launcher.Serve(context.Databases.Main, context.Http, context.Cancellation);
        client = new GraphQLClient(context.Http, server.GraphQL);
        load = new Load(client, report, context.Cancellation);
    }

    /// <summary>A new API process, the backlog its predecessor left in the queues thrown away.</summary>
    private async Task RestartWithEmptyQueues(NpgsqlDataSource database)
    {
        await server!.DisposeAsync();
        server = null;
        await DiscardQueued(database);
        await Serve();
    }

    private Task DiscardQueued(NpgsqlDataSource database) => QueueDepths.Discard(database, context.Cancellation);

    /// <summary>
    /// The open loop on one challenge (or taking the challenges in turn), the queues sampled throughout, then the feedback
    /// of each submission.
    /// </summary>
    private async Task Sustained(NpgsqlDataSource database, World world, double rate, IReadOnlyList<Guid> challenges, string label)
    {
        var name = $"sustained submissions on {label}";
        var count = (int)(rate * options.FeedbackLoad.TotalSeconds);
        var ids = new Guid[count];
        var dues = new long[count];
        var (wall, ticks) = (DateTime.UtcNow, Stopwatch.GetTimestamp());
        var next = 0;
        GraphQLRequest? Next()
        {
            var i = next++;
            var candidate = world.Candidates[i % world.Candidates.Count];
            return GraphQLRequest.Of(Documents.SubmitToChallenge,
                new { input = new { challengeId = challenges[i % challenges.Count], content = SubmissionRequests.Content() } },
                candidate.Token);
        }

        await using var queues = QueueDepths.Start(database, context.Cancellation);
        // Who held the cores while the jobs kept up or fell behind: the host's steal is told apart from our work.
        await using var cpu = CpuTimeline.Start(await ServerCpu.For(server!.ProcessId, database, context.Cancellation));
        var answers = await load!.OpenLoop(name, rate, options.FeedbackLoad, Next, (i, due, data) =>
        {
            ids[i] = SubmissionId(data);
            dues[i] = due;
        });
        await cpu.DisposeAsync(); // the load is over: the drain is not counted
        var drained = await queues.DrainedAfter(options.FeedbackLoad.TotalSeconds, DrainLimit);

        var (generated, reviewers) = await FeedbackTimes(database, [.. ids.Where(id => id != Guid.Empty)]);
        var measured = DateTime.UtcNow;
        var waits = new List<long>();
        var missing = 0;
        for (var i = 0; i < count; i++)
        {
            if (ids[i] == Guid.Empty) continue;
            // One still waiting counts with its wait so far: the percentiles are then a lower bound.
            if (!generated.TryGetValue(ids[i], out var at)) (at, missing) = (measured, missing + 1);
            waits.Add(Window.Ticks(at - wall.AddSeconds((double)(dues[i] - ticks) / Stopwatch.Frequency)));
        }
        var feedback = new Latencies(waits);
        var rateText = $"{rate:N0}/s for {options.FeedbackLoad.TotalSeconds:0} s";
        report.AddText($"submitToChallenge at {rateText} (half the peak) on {label}: answered per second; answer p50 / p99",
            $"{answers.Throughput()}; {answers.PercentileMs(50):N1} / {answers.PercentileMs(99):N1} ms", name);
        report.Add($"feedback latency on {label}, submission due to FeedbackGenerated: p95", new Measure(feedback.PercentileMs(95) / 1000, "s"),
            name, target: Target.AtMost(FeedbackTarget.TotalSeconds, "s"));
        report.AddText($"feedback latency on {label}: p50 / p95 / p99; without feedback when measured (counted with their wait so far)",
            $"{feedback.PercentileMs(50) / 1000:N2} / {feedback.PercentileMs(95) / 1000:N2} / {feedback.PercentileMs(99) / 1000:N2} s; {missing:N0} of {count:N0}",
            name);
        report.AddText($"queues during and after the load on {label}", queues.Timeline(options.FeedbackLoad.TotalSeconds), name);
        report.AddText($"CPU during the load on {label}", cpu.DescribeWhole(), name);
        var reviews = reviewers.Values.Sum();
        report.AddText($"reviews on {label}, by reviewer", reviews == 0 ? "none" :
            string.Join(", ", reviewers.Select(r => $"{r.Key} {r.Value:N0} ({(double)r.Value / reviews:P0})")), name);
        if (drained is { } seconds)
            report.Add($"queues on {label}: drained after the load", new Measure(seconds, "s"), name, target: Target.AtMost(DrainTarget.TotalSeconds, "s"));
        else
        {
            report.AddText($"queues on {label}: drained after the load",
                $"> {DrainLimit.TotalSeconds:0} s (then {queues.Left(options.FeedbackLoad.TotalSeconds)})", name, $"≤ {DrainTarget.TotalSeconds:0} s", met: false);
            await RestartWithEmptyQueues(database);
        }
    }

    private static Guid SubmissionId(JsonElement data) => data.GetProperty("submitToChallenge").GetProperty("submission").GetProperty("id").GetGuid();

    /// <summary>
    /// When each submission's FeedbackGenerated was appended, by Marten's timestamp on the event, and how many reviews
    /// each reviewer wrote: under load a job past its time for the sentence model is reviewed by the rules (docs/adr/0037).
    /// </summary>
    private async Task<(Dictionary<Guid, DateTime> Times, SortedDictionary<string, int> Reviewers)> FeedbackTimes(
        NpgsqlDataSource database, Guid[] submissions)
    {
        await using var command = database.CreateCommand(
            "select stream_id, timestamp, data ->> 'Reviewer' from mt_events where stream_id = any($1) and type = 'feedback_generated'");
        command.Parameters.Add(new NpgsqlParameter { Value = submissions });
        var times = new Dictionary<Guid, DateTime>();
        var reviewers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(context.Cancellation);
        while (await reader.ReadAsync(context.Cancellation))
        {
            times[reader.GetGuid(0)] = reader.GetDateTime(1);
            var reviewer = reader.IsDBNull(2) ? "unknown" : reader.GetString(2);
            reviewers[reviewer] = reviewers.GetValueOrDefault(reviewer) + 1;
        }
        return (times, reviewers);
    }

    /// <summary>
    /// One copy at a time of an earlier submission, by a bench candidate, so the check finds it and flags it, and
    /// nothing else is queued: the time from the submission's commit to the flag's is the feedback job's, which reviews
    /// and checks in one transaction (docs/adr/0024), dispatch and commit included.
    /// </summary>
    private async Task CopyChecks(NpgsqlDataSource database, World world,
        Dictionary<int, (Guid Challenge, string[] Contents)> earlier)
    {
        const string name = "copy check";
        var medians = new List<string>();
        var slowest = new List<string>();
        foreach (var size in Sizes)
        {
            var (challenge, contents) = earlier[size];
            var checks = new List<long>();
            for (var probe = 0; probe < options.CopyCheckProbes; probe++)
            {
                var (data, problem) = await client!.TryData(GraphQLRequest.Of(Documents.SubmitToChallenge,
                    new { input = new { challengeId = challenge, content = contents[probe] } }, world.Candidates[probe].Token), context.Cancellation);
                if (problem is not null)
                {
                    report.Fail(name, problem);
                    continue;
                }
                var id = SubmissionId(data);
                if (await CopyFlags.FlaggedAfter(database, id, ProbeTimeout, context.Cancellation) is { } check) checks.Add(Window.Ticks(check));
                else report.Fail(name, $"a copy among {size:N0} earlier submissions was not flagged within {ProbeTimeout.TotalSeconds:0} s");
            }
            var times = new Latencies(checks);
            medians.Add($"{times.PercentileMs(50):N1}");
            slowest.Add($"{times.PercentileMs(100):N1}");
        }
        report.AddText($"review and copy check, one job: submission to flag at {string.Join(" / ", Sizes.Select(s => s.ToString("N0")))} earlier submissions: " +
            $"median of {options.CopyCheckProbes}; slowest", $"{string.Join(" / ", medians)} ms; {string.Join(" / ", slowest)} ms", name);
    }
}
