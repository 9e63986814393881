using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>A big application history in the second database: how fast the timeline projection rebuilds, how fast the funnel answers.</summary>
public sealed class FunnelBenchmarks(BenchContext context)
{
    private const string Rebuild = "projection rebuild";
    private const string Funnel = "hiringFunnel";
    private const string FunnelAsOf = "hiringFunnel asOf";
    private const int WarmUpCalls = 2;
    private const double RebuildTarget = 0.15;

    private readonly Report report = context.Report;
    private readonly string connectionString = context.Databases.Funnel;
    private (SyntheticHistory History, long Events)? prepared;

    /// <summary>Dataset preparation, not measured: the schema, then the history straight into Marten's tables.</summary>
    public async Task Prepare()
    {
        await context.Launcher.RunVerbOrFail(connectionString, context.Cancellation, "db-apply");
        // A database with a million applications has had nodes started on it, and has the provider's keys: without them
        // the start-up timed below would also make them, a new database's one-time cost (docs/performance.md, round 27).
        await context.Launcher.RunVerbOrFail(connectionString, context.Cancellation, "keys", "rotate", "--now");
        var history = SyntheticHistory.Generate(context.Options.FunnelApplications, DateTimeOffset.UtcNow);
        await using var database = NpgsqlDataSource.Create(connectionString);
        var events = await new HistoryLoader(database, context.Cancellation).Load(history);
        prepared = (history, events);
        Log.Detail($"funnel database: {history.Applications.Length:N0} applications, {events:N0} events loaded by COPY");
    }

    public async Task Run(Baselines baselines)
    {
        var (history, events) = prepared ?? throw new InvalidOperationException("Prepare the funnel database first.");
        await using var database = NpgsqlDataSource.Create(connectionString);
        await RebuildTimelines(database, history, events, baselines);
        await AnswerFunnels(history, database);
    }

    private async Task RebuildTimelines(NpgsqlDataSource database, SyntheticHistory history, long events, Baselines baselines)
    {
        // The same process start-up without the work: what a rebuild costs before it reads its first event.
        Log.Detail("projections list (process start-up only)");
        var noOp = await context.Launcher.RunVerbOrFail(connectionString, context.Cancellation, "projections", "list");
        if (context.Options is { Mode: "quick", FunnelOnly: false })
        {
            // Marten's daemon rebuild, for comparison: at a million applications it takes over ten minutes, so quick mode only.
            Log.Detail("projections rebuild -p ApplicationTimeline (Marten's daemon)");
            var byDaemon = await context.Launcher.RunVerb(connectionString, context.Cancellation,
                "projections", "rebuild", "-p", "ApplicationTimeline", "--shard-timeout", "01:00:00");
            await Figures("daemon rebuild", $"ApplicationTimeline rebuild by Marten's daemon of {events:N0} events", byDaemon, noOp.Elapsed, target: false);
        }
        Log.Detail("rebuild-timelines (the bulk rebuild, ADR 0013)");
        var bulk = await context.Launcher.RunVerb(connectionString, context.Cancellation, "rebuild-timelines");
        await Figures(Rebuild, $"ApplicationTimeline bulk rebuild of {events:N0} events", bulk, noOp.Elapsed, target: true);

        async Task Figures(string benchmark, string name, VerbRun run, TimeSpan startUp, bool target)
        {
            if (run.ExitCode != 0) report.Fail(benchmark, $"exited with {run.ExitCode}: {run.Output}");
            await using (var count = database.CreateCommand("select count(*) from mt_doc_applicationtimeline"))
            {
                var timelines = (long)(await count.ExecuteScalarAsync(context.Cancellation))!;
                if (timelines != history.Applications.Length)
                    report.Fail(benchmark, $"{timelines:N0} timelines for {history.Applications.Length:N0} applications");
            }
            var goal = target ? Target.AtLeastOfBaseline(RebuildTarget) : null;
            report.Add($"{name}, including process start-up ({run.Elapsed.TotalSeconds:N1} s wall)",
                new Measure(events / run.Elapsed.TotalSeconds, "events/s"), benchmark, baselines.Copy, goal);
            report.Add($"{name}, excluding process start-up (minus {startUp.TotalSeconds:N1} s of `projections list`)",
                new Measure(events / (run.Elapsed - startUp).TotalSeconds, "events/s"), benchmark, baselines.Copy, goal);
        }
    }

    private async Task AnswerFunnels(SyntheticHistory history, NpgsqlDataSource database)
    {
        Log.Detail("API start-up on the big database");
        // The start follows the bulk rebuild's million writes: what the machine and PostgreSQL did meanwhile says whose
        // the seconds are. No API runs before it, so its share is the new process's whole CPU.
        var postgres = await ServerCpu.For(ServerCpu.NoProcess, database, context.Cancellation);
        // The bench's own JIT shares the start's cores: what it compiled during the start is logged.
        var jit = HarnessJit.Reading.Now();
        var beforeStart = CpuTimeline.Snapshot.Take(postgres);
        var maintenance = await PostgresMaintenance.Since(database, context.Cancellation);
        await using var server = await context.Launcher.Serve(connectionString, context.Http, context.Cancellation);
        var cpu = postgres.Watching(server.ProcessId);
        var startShare = CpuTimeline.Share.Between(beforeStart, CpuTimeline.Snapshot.Take(cpu));
        Log.Detail($"the bench's JIT during the start: {HarnessJit.Reading.Now().Since(jit)}");
        report.Add($"API start-up to ready, {history.Applications.Length:N0}-application database", new Measure(server.StartUp.TotalSeconds, "s"),
            "funnel start-up", target: Target.Below(3, "s"));
        report.AddText($"API start-up on the {history.Applications.Length:N0}-application database: the machine's CPU from the start to ready; PostgreSQL's own work",
            $"{startShare}; {await maintenance.Describe(database, context.Cancellation)}", "funnel start-up");

        var client = new GraphQLClient(context.Http, server.GraphQL);
        var token = await context.Tokens.Platform("analyst", client, context.Launcher, connectionString, context.Cancellation);
        // The whole history is one cohort: every application loaded must be counted.
        var from = history.Start.AddDays(-1);
        var to = history.Now.AddDays(1);
        await IndexWarmUp(client, FunnelRequest(token, from, to, asOf: null), server.StartUp, history.Applications.Length);

        Log.Detail($"hiringFunnel calls, {WarmUpCalls} + {context.Options.FunnelCalls} each without and with asOf");
        await Calls(client, cpu, Funnel, "hiringFunnel over the whole history", FunnelRequest(token, from, to, asOf: null),
            history.Applications.Length, Target.Below(100, "ms"));
        await Calls(client, cpu, FunnelAsOf, "hiringFunnel with asOf in the middle of the history", FunnelRequest(token, from, to, history.Middle),
            history.SubmittedBefore(history.Middle), Target.Below(500, "ms"));

        report.Add("API resident memory after the funnel calls", new Measure(server.ResidentMegabytes(), "MB", server.ResidentParts()), Funnel,
            target: Target.AtMost(400, "MB"));
    }

    /// <summary>
    /// The API loads its in-memory funnel index after it is ready; until then a funnel waits for it (and a very large
    /// one may time out). Measured from the process start to the first complete answer.
    /// </summary>
    private async Task IndexWarmUp(GraphQLClient client, GraphQLRequest request, TimeSpan startUp, int expected)
    {
        Log.Detail("funnel index warm-up: first complete answer");
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            var (data, problem) = await client.TryData(request, context.Cancellation);
            if (problem is null && Answers.Satisfy(data, d => d.GetProperty("hiringFunnel").GetProperty("groups")[0].GetProperty("applications").GetInt32() == expected))
            {
                report.Add("funnel index warm-up: process start to the first complete funnel answer", new Measure((startUp + waited.Elapsed).TotalSeconds, "s"), Funnel);
                return;
            }
            await Task.Delay(500, context.Cancellation);
        }
        report.Fail(Funnel, "the funnel did not answer with the whole history within 3 minutes of start-up");
    }

    /// <summary>
    /// Sequential calls after a warm-up; every answer must count the expected applications. A timeout ends the series.
    /// How the cores were shared during the slowest calls says whether a slow one was the API's doing or the machine's.
    /// </summary>
    private async Task Calls(GraphQLClient client, ServerCpu cpu, string name, string title, GraphQLRequest request, int expected, Target target)
    {
        var calls = new List<TimedCall>();
        for (var call = 0; call < WarmUpCalls + context.Options.FunnelCalls; call++)
        {
            var before = CpuTimeline.Snapshot.Take(cpu);
            var sent = Stopwatch.GetTimestamp();
            var (data, problem) = await client.TryData(request, context.Cancellation);
            var answered = Stopwatch.GetTimestamp();
            var after = CpuTimeline.Snapshot.Take(cpu);
            if (problem is not null)
            {
                report.Fail(name, problem);
                if (problem.StartsWith(GraphQLClient.NoAnswer, StringComparison.Ordinal)) break;
                continue;
            }
            var counted = Answers.Satisfy(data, d => d.GetProperty("hiringFunnel").GetProperty("groups")[0].GetProperty("applications").GetInt32() == expected);
            if (!counted) report.Fail(name, $"the answer does not count {expected:N0} applications: {Truncate(data.GetRawText())}");
            if (call < WarmUpCalls) continue;
            calls.Add(new TimedCall(call - WarmUpCalls + 1, answered - sent, CpuTimeline.Share.Between(before, after)));
        }
        var result = new Latencies(calls.Select(c => c.Ticks));
        report.Add($"{title}, {context.Options.FunnelCalls} sequential calls: p95", new Measure(result.PercentileMs(95), "ms"), name, target: target);
        report.Add($"{title}: mean", new Measure(result.MeanMs, "ms"), name);
        if (calls.Count == 0 || !OperatingSystem.IsLinux()) return;
        var slowest = calls.OrderByDescending(c => c.Ticks).ToList();
        report.AddText($"{title}: CPU during its two slowest calls and its median call",
            string.Join("; ", [.. slowest.Take(2).Select(c => c.ToString()), $"the median, {slowest[slowest.Count / 2]}"]), name);
    }

    /// <summary>One measured call: its number in the series, its latency in Stopwatch ticks, and the cores' share meanwhile.</summary>
    private readonly record struct TimedCall(int Number, long Ticks, CpuTimeline.Share Cpu)
    {
        public override string ToString() => $"call {Number}, {Stopwatch.GetElapsedTime(0, Ticks).TotalMilliseconds:N1} ms: {Cpu}";
    }

    private static GraphQLRequest FunnelRequest(string token, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? asOf) =>
        GraphQLRequest.Of(Documents.HiringFunnel, new { filter = new { from, to, asOf, groupBy = "NONE" } }, token);

    private static string Truncate(string text) => text.Length <= 300 ? text : $"{text[..300]}…";
}
