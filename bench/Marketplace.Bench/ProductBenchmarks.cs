using System.Text.Json;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>Everything measured against one API server under load: commands, queries, projection lag, memory.</summary>
public sealed class ProductBenchmarks(BenchContext context, Baselines? baselines)
{
    private const int StartUpRuns = 3;
    private const double CommandTarget = 0.20;
    // Issue 29: a quarter of pgbench -S -M prepared at 8 clients, with p99 under 10 ms.
    private const double QueryTarget = 0.25;
    private static readonly TimeSpan LagTimeout = TimeSpan.FromSeconds(30);

    private readonly Report report = context.Report;
    private readonly BenchOptions options = context.Options;
    private ServerCpu? cpu;

    /// <summary>submitToChallenge's best closed-loop throughput (8 or 32 clients): the sustained load runs at half of it.</summary>
    public double SubmissionPeak { get; private set; }

    public async Task Run()
    {
        // Before any load: the schema is applied, the durable queues are empty.
        if (options.Everything)
        {
            Log.Detail($"start-up, {StartUpRuns} times");
            await StartUp();
        }
        await using var server = await context.Launcher.Serve(context.Databases.Main, context.Http, context.Cancellation);
        var memory = new MemorySampler(server);
        var harness = HarnessCpu.Start();
        try
        {
            await using var database = NpgsqlDataSource.Create(context.Databases.Main);
            cpu = await ServerCpu.For(server.ProcessId, database, context.Cancellation);
            var client = new GraphQLClient(context.Http, server.GraphQL);
            var load = new Load(client, report, context.Cancellation);
            Log.Detail($"setup: a company, its postings and challenges, {options.InitialCandidates} candidates");
            var world = await World.Create(client, context, options.InitialCandidates);
            if (!options.FeedbackOnly && !options.ReadsOnly) await Applications(load, world, database);
            if (!options.FeedbackOnly && !options.ReadsOnly) await SingleStream(load, world);
            if (options.Everything || options.ReadsOnly) await Queries(load, client, world);
            if (!options.ReadsOnly) await Submissions(load, world, database);
        }
        finally
        {
            await memory.DisposeAsync();
        }
        report.AddText("bench harness CPU while it loads the API (it shares the machine's cores)", harness.Share(), "harness");
        report.Add("API resident memory, highest during the load", new Measure(memory.MaxMegabytes, "MB"), "memory",
            target: Target.AtMost(400, "MB"));
    }

    private async Task StartUp()
    {
        var runs = new List<double>();
        for (var i = 0; i < StartUpRuns; i++)
        {
            await using var server = await context.Launcher.Serve(context.Databases.Main, context.Http, context.Cancellation);
            runs.Add(server.StartUp.TotalSeconds);
        }
        var median = runs.Order().ElementAt(StartUpRuns / 2);
        report.Add($"API start-up to ready, median of {StartUpRuns}",
            new Measure(median, "s", $"runs {string.Join(" / ", runs.Select(r => r.ToString("N2")))}"), "start-up", target: Target.Below(3, "s"));
    }

    private async Task Applications(Load load, World world, NpgsqlDataSource database)
    {
        const string command = "applyToPosting";
        var requests = new ApplicationRequests(world);
        var lags = new List<TimeSpan?>();
        var phase = options.WarmUp + options.Duration;
        // The registrations were timed on a cold server: one quick run's 8 clients outran twice their rate, so the
        // first guess is three times it (a candidate registered gives a pair for every posting, so a spare one is cheap).
        // With the JIT settled sooner (round 23) they outran that too, at a fifth of the floor's rate: the guess is at
        // least a third of it.
        var guess = Math.Max(3 * world.RegistrationRate, (baselines?.Floor?.Value ?? 0) / 3);
        // The floor's rungs are measured once their server's JIT is quiet, and so are the commands.
        await JitQuiet.Wait(cpu!, load, $"{command}: warm-up", requests.Next, step => requests.EnsureRemaining(PairsFor(guess, step)));
        await requests.EnsureRemaining(PairsFor(guess, phase));
        var eight = await Burst(load, command, 8, requests.Next, database, lags);
        await requests.EnsureRemaining(PairsFor(Math.Max(world.RegistrationRate, eight.Throughput().Value), phase));
        await Burst(load, command, 32, requests.Next, database, lags);
        LagFigure(command, lags);
        await OpenLoop(load, requests, eight.Throughput().Value / 2, database);
    }

    /// <summary>
    /// Half the 8-client peak rate, on a fixed schedule: the latency a client sees when the API is not saturated. It
    /// starts once the async projections have caught up with the setup (candidates registered for the requests), and
    /// like the closed loops its first seconds are a warm-up, since background work of the setup may still be
    /// draining then; the target is the steady state's. The p99 over the whole schedule, warm-up included, is
    /// reported beside it, with the CPU of the machine in its worst seconds.
    /// </summary>
    private async Task OpenLoop(Load load, ApplicationRequests requests, double perSecond, NpgsqlDataSource database)
    {
        const string name = "applyToPosting, open loop";
        if (perSecond < 1)
        {
            report.Fail(name, "no 8-client throughput to take half of");
            return;
        }
        await requests.EnsureRemaining(PairsFor(perSecond, options.WarmUp + options.Duration));
        // The candidates just registered for it are still being projected; the loop starts once that is done.
        Log.Detail("waiting for the async projections to catch up with the setup");
        await ProjectionLag(database);
        var maintenance = await PostgresMaintenance.Since(database, context.Cancellation);
        OpenLoopResult whole;
        var timeline = CpuTimeline.Start(cpu!);
        await using (timeline) whole = await load.OpenLoop(name, perSecond, options.WarmUp + options.Duration, requests.Next);
        var result = whole.After(options.WarmUp);
        report.Add($"applyToPosting, open loop at {perSecond:N0}/s (half the 8-client peak): p99", new Measure(result.PercentileMs(99), "ms"),
            name, target: Target.AtMost(25, "ms"));
        report.AddText("applyToPosting, open loop: answered per second; latency p50 / p95",
            $"{result.Throughput()}; {result.PercentileMs(50):N1} / {result.PercentileMs(95):N1} ms", name);
        report.AddText("applyToPosting, open loop: where the slow requests fall", result.SlowerThan(25), name);
        report.AddText($"applyToPosting, open loop: p99 with the {options.WarmUp.TotalSeconds:0.#} s warm-up counted; where its slow requests fall",
            $"{whole.PercentileMs(99):N1} ms; {whole.SlowerThan(25)}", name);
        report.AddText("applyToPosting, open loop: PostgreSQL's own work during it", await maintenance.Describe(database, context.Cancellation), name);
        report.AddText("applyToPosting, open loop: CPU in its three worst seconds (warm-up counted) and its median second",
            timeline.Describe(whole.WorstSeconds(25, 3)), name);
    }

    /// <summary>
    /// The three public reads issue 29 holds to a quarter of pgbench's point reads, anonymous as a visitor sends them;
    /// then the search page, which has no target.
    /// </summary>
    private async Task Queries(Load load, GraphQLClient client, World world)
    {
        var postings = world.Postings.Select(id => GraphQLRequest.Of(Documents.PostingById, new { id })).ToArray();
        var next = 0;
        await Query(load, client, "posting(id:)", () => postings[(int)((uint)Interlocked.Increment(ref next) % postings.Length)],
            data => data.GetProperty("posting").ValueKind == JsonValueKind.Object, targeted: true);

        var hub = GraphQLRequest.Of(Documents.SkillHub, new { slug = World.Skill });
        await Query(load, client, "skill hub page", () => hub,
            data => data.GetProperty("skill").GetProperty("openPostings").GetProperty("totalCount").GetInt32() == world.Postings.Count, targeted: true);

        var firstPage = GraphQLRequest.Of(Documents.PostingsFirstPage);
        await Query(load, client, "postings first page", () => firstPage,
            data => data.GetProperty("postings").GetProperty("edges").GetArrayLength() > 0, targeted: true);

        var search = GraphQLRequest.Of(Documents.PostingSearch, new { filter = new { skill = World.Skill, text = "platform" } });
        await Query(load, client, "postings search page", () => search,
            data => data.GetProperty("postings").GetProperty("totalCount").GetInt32() > 0);
    }

    /// <summary>Checks once that the query answers what it should (an empty answer is fast and meaningless), then loads it.</summary>
    private async Task Query(Load load, GraphQLClient client, string name, Func<GraphQLRequest> next, Func<JsonElement, bool> answersSomething,
        bool targeted = false)
    {
        var benchmark = Name(name, 8);
        var (data, problem) = await client.TryData(next(), context.Cancellation);
        if (problem is not null) report.Fail(benchmark, problem);
        else if (!Answers.Satisfy(data, answersSomething)) report.Fail(benchmark, "the probe's answer is empty: the query measures nothing");
        var (result, cpuPerRead) = await cpu!.ClosedLoopShared(load, benchmark, 8, options, next, context.Cancellation);
        var yardstick = targeted ? baselines?.PgBenchReads : null;
        report.Add($"{benchmark}: throughput", result.Throughput(), benchmark, yardstick,
            yardstick is null ? null : Target.AtLeastOfBaseline(QueryTarget));
        if (targeted && baselines?.PointReads is { } reader)
            report.Add($"{benchmark}: throughput against the bench's own point reader", result.Throughput(), benchmark, reader);
        report.AddText($"{benchmark}: latency p50 / p95 / p99", result.Percentiles(), benchmark);
        if (targeted) report.Add($"{benchmark}: p99", new Measure(result.PercentileMs(99), "ms"), benchmark, target: Target.Below(10, "ms"));
        var size = problem is null ? $"the answer's data {System.Text.Encoding.UTF8.GetByteCount(data.GetRawText()):N0} bytes; " : "";
        report.AddText($"{benchmark}: answer size; CPU per read (server side and the bench's own); how the cores were shared in the window",
            size + cpuPerRead, benchmark);
    }

    private async Task Submissions(Load load, World world, NpgsqlDataSource database)
    {
        const string command = "submitToChallenge";
        var requests = new SubmissionRequests(world);
        var lags = new List<TimeSpan?>();
        foreach (var clients in (int[])[8, 32])
        {
            var result = await Burst(load, command, clients, requests.Next, database, lags);
            SubmissionPeak = Math.Max(SubmissionPeak, result.Throughput().Value);
        }
        LagFigure(command, lags);
        var (behind, caughtUp) = await Bench.ProjectionLag.Meaning(database, MeaningTimeout, context.Cancellation);
        report.AddText("meaning vectors (async, at a low priority): events behind after the submitToChallenge bursts; caught up after",
            $"{behind:N0} events; {(caughtUp is { } took ? $"{took.TotalSeconds:N1} s" : $"not within {MeaningTimeout.TotalSeconds:0} s")}", "meaning lag");
    }

    /// <summary>How long the meaning projections are given to catch up with the submission bursts (one encoding thread).</summary>
    private static readonly TimeSpan MeaningTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Commands that read and append one stream, at 8 clients, against the fixed stack's floor (issue 29: at least 90 %
    /// of it): a company drafting postings, each a new stream, and candidates changing their headline, each appending
    /// to their own stream (round-robin over the candidates, so no two requests in flight share one).
    /// </summary>
    private async Task SingleStream(Load load, World world)
    {
        var drafts = 0;
        GraphQLRequest Draft() => GraphQLRequest.Of(Documents.DraftPosting, new
        {
            input = new
            {
                title = $"Draft Engineer {Interlocked.Increment(ref drafts)}", role = "Backend Engineer", seniority = "SENIOR",
                skills = new[] { World.Skill }, remotePolicy = "REMOTE", description = "A draft the bench writes.", openings = 1,
            },
        }, world.OwnerToken);
        var updates = 0;
        GraphQLRequest Headline()
        {
            var n = Interlocked.Increment(ref updates);
            var candidate = world.Candidates[n % world.Candidates.Count];
            return GraphQLRequest.Of(Documents.UpdateCandidateProfile, new { input = new { headline = $"Builds services, {n}" } }, candidate.Token);
        }
        foreach (var (command, next) in new (string, Func<GraphQLRequest?>)[] { ("draftPosting", Draft), ("updateCandidateProfile", Headline) })
        {
            var benchmark = Name(command, 8);
            var (result, cpuPerCommand) = await cpu!.ClosedLoop(load, benchmark, 8, options, next, "API", context.Cancellation);
            if (baselines?.Floor is { } floor)
                report.Add($"{benchmark}: throughput against the floor (one stream read and appended)", result.Throughput(), benchmark, floor,
                    Target.AtLeastOfBaseline(SingleStreamTarget));
            report.AddText($"{benchmark}: latency p50 / p95 / p99; CPU per command (server side, async projections included)",
                $"{result.Percentiles()}; {cpuPerCommand}", benchmark);
        }
    }

    private const double SingleStreamTarget = 0.90;

    /// <summary>applyToPosting and submitToChallenge against the floor's top rung (issue 29).</summary>
    private const double FloorTarget = 0.75;

    /// <summary>A closed-loop burst of one command, then how long the async projections take to catch up with it.</summary>
    private async Task<LoadResult> Burst(Load load, string command, int clients, Func<GraphQLRequest?> next, NpgsqlDataSource database,
        List<TimeSpan?> lags)
    {
        var (result, cpuPerCommand) = await cpu!.ClosedLoop(load, Name(command, clients), clients, options, next, "API", context.Cancellation);
        lags.Add(await ProjectionLag(database));
        CommandFigures(command, clients, result);
        report.AddText($"{Name(command, clients)}: CPU per command (server side, async projections included)", cpuPerCommand,
            Name(command, clients));
        return result;
    }

    private void CommandFigures(string command, int clients, LoadResult result)
    {
        var benchmark = Name(command, clients);
        report.Add($"{benchmark}: throughput", result.Throughput(), benchmark, baselines?.SingleRowInserts,
            baselines is null ? null : Target.AtLeastOfBaseline(CommandTarget));
        // Issue 29's target, on what our code adds to the fixed stack rather than on the host's insert rate.
        if (baselines?.Floor is { } floor)
            report.Add($"{benchmark}: throughput against the floor", result.Throughput(), benchmark, floor, Target.AtLeastOfBaseline(FloorTarget));
        if (baselines?.BareMarten is { } marten)
            report.Add($"{benchmark}: throughput against bare Marten", result.Throughput(), benchmark, marten);
        report.AddText($"{benchmark}: latency p50 / p95 / p99", result.Percentiles(), benchmark);
    }

    private void LagFigure(string command, List<TimeSpan?> lags)
    {
        var text = string.Join(" / ", lags.Select(l => l is { } lag ? $"{lag.TotalSeconds:N2}" : $"> {LagTimeout.TotalSeconds:0}")) + " s";
        report.AddText($"async projection lag after the {command} bursts (8 / 32 clients)", text, "projection lag", "≤ 1 s",
            lags.All(l => l <= TimeSpan.FromSeconds(1)));
    }

    private Task<TimeSpan?> ProjectionLag(NpgsqlDataSource database) => Bench.ProjectionLag.Measure(database, LagTimeout, context.Cancellation);

    /// <summary>Fresh (candidate, posting) pairs for a phase at a rate, with room to spare: running out would end the phase early.</summary>
    private static int PairsFor(double perSecond, TimeSpan phase) => (int)(perSecond * 2 * phase.TotalSeconds) + 100;

    private static string Name(string command, int clients) => $"{command}, {clients} clients";
}

/// <summary>
/// What PostgreSQL did on its own over a stretch of a run: the tables autovacuum vacuumed or analysed, and when each
/// finished, and the checkpoints. Either takes a core of two for a while, which a latency tail may show.
/// </summary>
public sealed class PostgresMaintenance
{
    private readonly DateTime started;
    private readonly long checkpoints;

    private PostgresMaintenance(DateTime started, long checkpoints) => (this.started, this.checkpoints) = (started, checkpoints);

    public static async Task<PostgresMaintenance> Since(NpgsqlDataSource database, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand("select now(), checkpoints_timed + checkpoints_req from pg_stat_bgwriter");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new PostgresMaintenance(reader.GetDateTime(0), reader.GetInt64(1));
    }

    /// <summary>"autovacuum: public.mt_events (9.8 s); autoanalyze: public.mt_streams (10.1 s); checkpoints: 0", with when each finished, from the start.</summary>
    public async Task<string> Describe(NpgsqlDataSource database, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            "select coalesce(string_agg(format('%s.%s (%s s)', schemaname, relname, round(extract(epoch from last_autovacuum - $1)::numeric, 1)), ', ' " +
            "order by last_autovacuum) filter (where last_autovacuum >= $1), 'none'), " +
            "coalesce(string_agg(format('%s.%s (%s s)', schemaname, relname, round(extract(epoch from last_autoanalyze - $1)::numeric, 1)), ', ' " +
            "order by last_autoanalyze) filter (where last_autoanalyze >= $1), 'none'), " +
            "(select checkpoints_timed + checkpoints_req from pg_stat_bgwriter) from pg_stat_all_tables");
        command.Parameters.AddWithValue(started);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return $"autovacuum: {reader.GetString(0)}; autoanalyze: {reader.GetString(1)}; checkpoints: {reader.GetInt64(2) - checkpoints}";
    }
}
