using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// GraphQL subscriptions under the command load (issue 25): 1,000 subscriptions held open on one node, what they cost
/// its memory, and how fast a change reaches its subscriber while applications and submissions keep coming: a
/// submission's review, followed over graphql-sse from the moment the mutation answers, and a stage move, pushed over
/// graphql-ws to the candidate who has followed their applications all along. Then the same with the subscribers on a
/// second node and the commands sent to the first, so every notice crosses PostgreSQL.
/// </summary>
public sealed class LiveBenchmarks(BenchContext context)
{
    /// <summary>Candidates who follow their applications (myApplications), each on a WebSocket of their own.</summary>
    private const int Watchers = 400;

    /// <summary>Connections of an idle company's owner, each following every one of its 20 postings (companyApplications).</summary>
    private const int Dashboards = 30;

    private const int HeldOpen = 1_000;
    private const int MovesPerPhase = 300;
    private const int SetupConcurrency = 8;
    private const double DeliveryTarget = 1;
    private const double MemoryTarget = 100;

    /// <summary>The first seconds of each load are not counted: the second node starts cold.</summary>
    private static readonly TimeSpan LoadWarmUp = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);

    /// <summary>The idle company's owner holds 600 subscriptions on one node; the default allows 20 per sign-in.</summary>
    private static readonly Dictionary<string, string> Settings = new() { ["Live__SubscriptionsPerIdentity"] = "1000" };

    private readonly Report report = context.Report;
    private readonly BenchOptions options = context.Options;

    public async Task Run()
    {
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        // What earlier series left queued would be worked off first, behind the load.
        await QueueDepths.Discard(database, context.Cancellation);
        using var streams = new HttpClient(new System.Net.Http.SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256, UseCookies = false, UseProxy = false, AllowAutoRedirect = false,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var first = await context.Launcher.Serve(context.Databases.Main, context.Http, context.Cancellation, Settings);
        ApiServer? second = null;
        try
        {
            var client = new GraphQLClient(context.Http, first.GraphQL);
            var load = new Load(client, report, context.Cancellation);
            Log.Detail($"setup: a company with {options.InitialCandidates} candidates for the load, one with {Watchers} candidates who follow " +
                       "their applications, an idle one whose owner follows its postings");
            var world = await World.Create(client, context, options.InitialCandidates, "bench-live");
            var watched = await World.Create(client, context, Watchers, "bench-live-watched");
            var idle = await World.Create(client, context, 0, "bench-live-idle");
            var watchers = await Apply(client, watched);
            var setup = new Setup(world, idle, watchers, new ApplicationRequests(world), new SubmissionRequests(world), new Moves(watched, watchers));
            await Settled(database);

            // A first round warms the server (quick mode's half-second warm-up leaves the JIT busy), so the round without
            // subscriptions and the one with them are compared on the same footing.
            Log.Detail("warming up: both commands, 8 clients, 3 s each");
            var warm = await WarmUp(load, setup);
            var before = await Bursts(load, setup, "one node", warm);
            var rates = (Apply: before.Apply / 4, Submit: before.Submit / 4);
            var subscribed = await Phase("one node", first, first, load, setup, rates, database, streams, before);
            // Once more with the subscriptions closed: the first round ran on a server only just warmed up.
            var after = await Bursts(load, setup, "one node", before);
            report.AddText($"{Name("one node")}: applyToPosting / submitToChallenge, 8 clients, ok/s: with no subscription open; " +
                           $"with {HeldOpen:N0} open; with none again once they closed",
                string.Join("; ", new[] { before, subscribed!, after }.Select(t => $"{t.Apply:N0} / {t.Submit:N0}")), Name("one node"));

            Log.Detail("starting a second node on the same database");
            second = await context.Launcher.Serve(context.Databases.Main, context.Http, context.Cancellation, Settings);
            await Phase("two nodes", first, second, load, setup, rates, database, streams, null);
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    private sealed record Setup(World World, World Idle, IReadOnlyList<Watcher> Watchers, ApplicationRequests Applications,
        SubmissionRequests Submissions, Moves Moves);

    private sealed record Watcher(Candidate Candidate, Guid Application);

    /// <summary>Each watcher applies once to the watched company: the application the company will move.</summary>
    private async Task<Watcher[]> Apply(GraphQLClient client, World watched)
    {
        var watchers = new Watcher[watched.Candidates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, watchers.Length),
            new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency, CancellationToken = context.Cancellation },
            async (i, cancellation) =>
            {
                var candidate = watched.Candidates[i];
                var data = await client.Data(GraphQLRequest.Of(Documents.ApplyToPosting,
                    new { input = new { postingId = watched.Postings[i % watched.Postings.Count], coverNote = "Following this one live." } },
                    candidate.Token), cancellation);
                watchers[i] = new Watcher(candidate, data.GetProperty("applyToPosting").GetProperty("application").GetProperty("id").GetGuid());
            });
        return watchers;
    }

    private async Task Settled(NpgsqlDataSource database)
    {
        if (await ProjectionLag.Measure(database, SettleLimit, context.Cancellation) is null)
            Log.Detail($"the async projections did not catch up within {SettleLimit.TotalSeconds:0} s; going on");
    }

    private sealed record Throughputs(double Apply, double Submit);

    /// <summary>The two commands in 8-client closed loops, timed like the bench's bursts: the peak the load takes a quarter of.</summary>
    private async Task<Throughputs> Bursts(Load load, Setup setup, string phase, Throughputs guess)
    {
        // Twice the rate seen last, with room: running out would end the burst early.
        var window = options.WarmUp + options.Duration;
        await setup.Applications.EnsureRemaining((int)(guess.Apply * 2 * window.TotalSeconds) + 100);
        var apply = await load.ClosedLoop(Name(phase), 8, Window.StartingNow(options.WarmUp, options.Duration), setup.Applications.Next);
        var submit = await load.ClosedLoop(Name(phase), 8, Window.StartingNow(options.WarmUp, options.Duration), setup.Submissions.Next);
        return new Throughputs(apply.Throughput().Value, submit.Throughput().Value);
    }

    /// <summary>Both commands for 3 s each, the last 2 s timed: the first guess of the rates the bursts need fresh pairs for.</summary>
    private async Task<Throughputs> WarmUp(Load load, Setup setup)
    {
        // Registrations were timed on a cold server: commands have outrun three times their rate.
        await setup.Applications.EnsureRemaining((int)(5 * setup.World.RegistrationRate * 3) + 100);
        var apply = await load.ClosedLoop(Name("one node"), 8, Window.StartingNow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), setup.Applications.Next);
        var submit = await load.ClosedLoop(Name("one node"), 8, Window.StartingNow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), setup.Submissions.Next);
        return new Throughputs(apply.Throughput().Value, submit.Throughput().Value);
    }

    private static string Name(string phase) => $"live, {phase}";

    /// <summary>
    /// Memory before and with the subscriptions, and the latencies under the load, with the subscribers on one node.
    /// Given the bursts' throughput without subscriptions, first the load with none (the control), and the bursts
    /// again with the subscriptions open, whose throughput it returns.
    /// </summary>
    private async Task<Throughputs?> Phase(string phase, ApiServer commands, ApiServer subscribers, Load load, Setup setup, (double Apply, double Submit) rates,
        NpgsqlDataSource database, HttpClient streams, Throughputs? unsubscribed)
    {
        var name = Name(phase);
        var where = commands == subscribers ? "one node" : "commands to the first node, subscribers on the second";
        if (unsubscribed is not null) await Control(name, load, setup, rates, database);
        await Settled(database);
        var before = await Memory(subscribers);
        Log.Detail($"{name}: opening {HeldOpen:N0} subscriptions ({Watchers} myApplications, {Dashboards} × {setup.Idle.Postings.Count} companyApplications)");
        var opening = Stopwatch.GetTimestamp();
        await using var held = await Held.Open(subscribers, setup, context.Cancellation);
        var opened = Stopwatch.GetElapsedTime(opening);
        await Task.Delay(Settle, context.Cancellation);
        var with = await Memory(subscribers);
        report.AddText($"{name}: {HeldOpen:N0} subscriptions held open ({Watchers} myApplications over graphql-ws, one connection each; " +
                       $"{Dashboards * setup.Idle.Postings.Count} companyApplications over {Dashboards} graphql-ws connections): opened in",
            $"{opened.TotalSeconds:N2} s", name);
        report.AddText($"{name}: subscribers' node, before and with them open: resident; managed heap after a full collection",
            $"{before.Resident:N0} → {with.Resident:N0} MB; {Heap(before.Heap)} → {Heap(with.Heap)}", name);
        report.AddText($"{name}: subscribers' node resident memory, made of", $"before: {before.Parts}; with: {with.Parts}", name);
        report.Add($"{name}: subscribers' node resident memory grown by {HeldOpen:N0} subscriptions", new Measure(with.Resident - before.Resident, "MB"),
            name, target: Target.AtMost(MemoryTarget, "MB"));
        if (before.Heap is { } heapBefore && with.Heap is { } heapWith)
            report.Add($"{name}: subscribers' node managed heap grown by {HeldOpen:N0} subscriptions", new Measure(heapWith - heapBefore, "MB"), name);

        var subscribed = unsubscribed is null ? null : await Bursts(load, setup, phase, unsubscribed);
        await Latencies(name, where, commands, subscribers, load, setup, rates, database, streams, held);
        report.AddText($"{name}: held subscriptions still open after the load; messages they should not have had",
            $"{held.StillOpen:N0} of {HeldOpen:N0}; {held.Unexpected:N0}", name);
        if (held.Unexpected > 0 || held.StillOpen < HeldOpen) report.Fail(name, $"held subscriptions: {held.Describe()}");
        return subscribed;
    }

    private sealed record Footprint(double Resident, double? Heap, string? Parts);

    private async Task<Footprint> Memory(ApiServer server)
    {
        var heap = await GcHeap.AfterFullCollection(server.ProcessId, context.Cancellation);
        return new Footprint(server.ResidentMegabytes(), heap, server.ResidentParts());
    }

    private static string Heap(double? megabytes) => megabytes is { } value ? $"{value:N0} MB" : "not read";

    /// <summary>
    /// The command load for the configured time: applyToPosting and submitToChallenge in open loops, each at a quarter of
    /// its 8-client peak (about half the machine between them, like the sustained submissions' half of one); every
    /// submission followed over graphql-sse as soon as it is answered; and the watched company advancing its watchers'
    /// applications, which their held subscriptions must tell them.
    /// </summary>
    private async Task Latencies(string name, string where, ApiServer commands, ApiServer subscribers, Load load, Setup setup,
        (double Apply, double Submit) rates, NpgsqlDataSource database, HttpClient streams, Held held)
    {
        var duration = options.FeedbackLoad;
        var moveRate = MovesPerPhase / duration.TotalSeconds;
        await setup.Applications.EnsureRemaining((int)(rates.Apply * 2 * duration.TotalSeconds) + 100);
        await Settled(database);
        var reviews = new Probe[(int)(rates.Submit * duration.TotalSeconds)];
        var tokens = new string[reviews.Length];
        var moves = new Probe[(int)(moveRate * duration.TotalSeconds)];
        var watching = new ConcurrentBag<Task>();
        var stream = subscribers.At("/graphql/stream");

        var submissionIndex = 0;
        GraphQLRequest? NextSubmission()
        {
            var request = setup.Submissions.Next();
            if (request is not null) tokens[submissionIndex++] = request.Authorization!["Bearer ".Length..];
            return request;
        }
        void Submitted(int i, long due, JsonElement data)
        {
            var probe = reviews[i] = new Probe(SubmissionId(data), due);
            probe.Answer();
            watching.Add(Task.Run(() => FollowReview(streams, stream, tokens[i], probe)));
        }
        var moveIndex = 0;
        GraphQLRequest? NextMove()
        {
            if (setup.Moves.Next() is not { } next) return null;
            moves[moveIndex++] = next.Probe;
            return next.Request;
        }

        var cpu = await ServerCpu.For(subscribers.ProcessId, database, context.Cancellation);
        var sampler = new MemorySampler(subscribers);
        var timeline = CpuTimeline.Start(cpu);
        // Across two nodes, the commands' node too: otherwise it hides among the other processes.
        var commandsTimeline = commands == subscribers
            ? null
            : CpuTimeline.Start(await ServerCpu.For(commands.ProcessId, database, context.Cancellation));
        var harness = HarnessCpu.Start();
        var started = Stopwatch.GetTimestamp();
        OpenLoopResult[] answers;
        // The reviews waiting in the durable inbox: a review that waits there is late before any notice is sent.
        var queues = QueueDepths.Start(database, context.Cancellation);
        await using (queues)
        await using (timeline)
        {
            answers = await Task.WhenAll(
                load.OpenLoop(name, rates.Apply, duration, setup.Applications.Next),
                load.OpenLoop(name, rates.Submit, duration, NextSubmission, Submitted),
                load.OpenLoop(name, moveRate, duration, NextMove, (i, _, _) => moves[i].Answer()));
            await Task.WhenAll(watching);
            await Delivered(moves);
            if (commandsTimeline is not null) await commandsTimeline.DisposeAsync();
        }
        var harnessShare = harness.Share();
        await sampler.DisposeAsync();

        var commits = await CommitTimes(database, reviews, moves);
        var counted = started + Window.Ticks(LoadWarmUp);
        var review = Summary.Of(reviews, counted, commits);
        var move = Summary.Of(moves, counted, commits);
        report.AddText($"{name}: the load ({where}), {duration.TotalSeconds:0} s: applyToPosting / submitToChallenge / advanceApplication, " +
                       "answered per second (asked); answer p50 / p99", Answered(answers, rates.Apply, rates.Submit, moveRate), name);
        report.Add($"{name}: submissionReview over graphql-sse, submitToChallenge answered to REVIEWED received: p95",
            new Measure(review.FromAnswer.PercentileMs(95) / 1000, "s"), name, target: Target.Below(DeliveryTarget, "s"));
        report.AddText($"{name}: submissionReview, answered to REVIEWED: p50 / p95 / max; delivered (after a {LoadWarmUp.TotalSeconds:0} s warm-up); " +
                       "with the warm-up p95",
            review.Describe(), name);
        report.AddText($"{name}: submissionReview, reviewed after the subscription was asked: count; review's commit to REVIEWED received p50 / p95 / max",
            review.Pushed(), name);
        report.AddText($"{name}: submitToChallenge answered to the review's commit (the review job, before any notice): p50 / p95 / max",
            review.Reviewing(), name);
        report.AddText($"{name}: reviews queued during and after the load", queues.Timeline(duration.TotalSeconds), name);
        report.AddText($"{name}: submissionReview, reviewed before the subscription was asked (the state so far): count; answered to REVIEWED p50 / p95",
            review.AlreadyDone(), name);
        report.Add($"{name}: advanceApplication to ADVANCED on the candidate's held myApplications (graphql-ws): p95",
            new Measure(move.FromAnswer.PercentileMs(95) / 1000, "s"), name, target: Target.Below(DeliveryTarget, "s"));
        report.AddText($"{name}: advanceApplication, answered to ADVANCED: p50 / p95 / max; delivered; with the warm-up p95",
            move.Describe(), name);
        report.AddText($"{name}: advanceApplication, the move's commit to ADVANCED received: p50 / p95 / max; arrived before the mutation's answer",
            $"{Summary.Spread(move.FromCommit)}; {move.Early:N0}", name);
        report.AddText($"{name}: subscribers' node resident memory, highest during the load", $"{sampler.MaxMegabytes:N0} MB", name);
        var slowest = Slowest(started, reviews.Concat(moves)).ToList();
        report.AddText($"{name}: CPU in the seconds of the three slowest deliveries and the median second (API = the subscribers' node" +
                       (commandsTimeline is null ? ")" : "; the commands' node is among the other cores)"), timeline.Describe(slowest), name);
        if (commandsTimeline is not null)
            report.AddText($"{name}: the same seconds with API = the commands' node (the subscribers' node among the other cores)",
                commandsTimeline.Describe(slowest), name);
        report.AddText($"{name}: bench harness CPU during the load", harnessShare, name);
        foreach (var problem in reviews.Concat(moves).Where(p => p?.Problem is not null).Select(p => p!.Problem!).Take(3))
            report.Fail(name, problem);
    }

    /// <summary>
    /// The same applications and submissions with no subscription open and no one following a review: how late the
    /// reviews commit when nobody watches, so a late review in the subscribed load is not put down to the push.
    /// </summary>
    private async Task Control(string name, Load load, Setup setup, (double Apply, double Submit) rates, NpgsqlDataSource database)
    {
        var duration = options.FeedbackLoad;
        await setup.Applications.EnsureRemaining((int)(rates.Apply * 2 * duration.TotalSeconds) + 100);
        await Settled(database);
        Log.Detail($"{name}: the load with no subscription open (control)");
        var reviews = new Probe[(int)(rates.Submit * duration.TotalSeconds)];
        var started = Stopwatch.GetTimestamp();
        OpenLoopResult[] answers;
        var queues = QueueDepths.Start(database, context.Cancellation);
        await using (queues)
        {
            answers = await Task.WhenAll(
                load.OpenLoop(name, rates.Apply, duration, setup.Applications.Next),
                load.OpenLoop(name, rates.Submit, duration, setup.Submissions.Next, (i, due, data) =>
                {
                    var probe = reviews[i] = new Probe(SubmissionId(data), due);
                    probe.Answer();
                }));
            await queues.DrainedAfter(duration.TotalSeconds, ProbeTimeout);
        }
        var review = Summary.Of(reviews, started + Window.Ticks(LoadWarmUp), await CommitTimes(database, reviews, []));
        report.AddText($"{name}: the same load with no subscription (control), {duration.TotalSeconds:0} s: applyToPosting / submitToChallenge, " +
                       "answered per second (asked); answer p50 / p99", Answered(answers, rates.Apply, rates.Submit), name);
        report.AddText($"{name}: control: submitToChallenge answered to the review's commit: p50 / p95 / max; not reviewed when measured",
            $"{review.Reviewing()}; {review.Unreviewed:N0}", name);
        report.AddText($"{name}: control: reviews queued during and after the load", queues.Timeline(duration.TotalSeconds), name);
    }

    private static Guid SubmissionId(JsonElement data) => data.GetProperty("submitToChallenge").GetProperty("submission").GetProperty("id").GetGuid();

    /// <summary>"178 (179)/s, 5.6 / 41.5 ms; …": each loop's answers per second, the rate asked, and the answers' p50 / p99.</summary>
    private static string Answered(OpenLoopResult[] answers, params double[] rates) =>
        string.Join("; ", answers.Zip(rates, (a, rate) => $"{a.Throughput().Value:N0} ({rate:N0})/s, {a.PercentileMs(50):N1} / {a.PercentileMs(99):N1} ms"));

    /// <summary>Subscribes to the submission's review on the subscribers' node and notes when REVIEWED arrives.</summary>
    private async Task FollowReview(HttpClient streams, Uri stream, string token, Probe probe)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        timeout.CancelAfter(ProbeTimeout);
        probe.Asked = DateTime.UtcNow;
        try
        {
            probe.Problem = await SseOperation.Run(streams, stream, token, Documents.SubmissionReview, new { id = probe.Stream }, message =>
            {
                if (message.Type != "next") return;
                if (message.Payload.TryGetProperty("errors", out var errors)) probe.Problem = $"submissionReview: {errors[0].GetRawText()}";
                else if (message.Payload.GetProperty("data").GetProperty("submissionReview").GetProperty("kind").GetString() is "REVIEWED")
                    probe.Deliver(message);
            }, timeout.Token);
            if (probe.Problem is null && !probe.IsDelivered) probe.Problem = "submissionReview completed without REVIEWED";
        }
        catch (OperationCanceledException) when (!context.Cancellation.IsCancellationRequested)
        {
            probe.Problem = $"submissionReview: no REVIEWED within {ProbeTimeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            probe.Problem = $"submissionReview: {e.Message}";
        }
    }

    /// <summary>Waits until every answered move has reached its subscriber, or the probes' time is up.</summary>
    private async Task Delivered(Probe?[] moves)
    {
        var waiting = Stopwatch.GetTimestamp();
        while (moves.Any(p => p is { Answered: > 0, IsDelivered: false }) && Stopwatch.GetElapsedTime(waiting) < ProbeTimeout)
            await Task.Delay(50, context.Cancellation);
        foreach (var probe in moves.Where(p => p is { Answered: > 0, IsDelivered: false }))
            probe!.Problem ??= $"advanceApplication: no ADVANCED within {ProbeTimeout.TotalSeconds:0} s of the load's end";
    }

    /// <summary>The seconds of the load (from its start) in which the three slowest deliveries were answered.</summary>
    private static IEnumerable<int> Slowest(long started, IEnumerable<Probe?> probes) =>
        probes.Where(p => p is { IsDelivered: true }).OrderByDescending(p => p!.Delivered - p.Answered).Take(3)
            .Select(p => (int)((p!.Answered - started) / Stopwatch.Frequency)).Distinct();

    /// <summary>When each review and move was committed, by Marten's timestamp on the event (the bench and PostgreSQL share a clock).</summary>
    private async Task<Dictionary<(Guid, int), DateTime>> CommitTimes(NpgsqlDataSource database, Probe?[] reviews, Probe?[] moves)
    {
        await using var command = database.CreateCommand(
            "select stream_id, type, timestamp from mt_events where stream_id = any($1) and type in ('feedback_generated', 'application_advanced') " +
            "order by stream_id, version");
        command.Parameters.Add(new NpgsqlParameter { Value = reviews.Concat(moves).Where(p => p is not null).Select(p => p!.Stream).Distinct().ToArray() });
        var times = new Dictionary<(Guid, int), DateTime>();
        await using var reader = await command.ExecuteReaderAsync(context.Cancellation);
        while (await reader.ReadAsync(context.Cancellation))
        {
            // A review has one FeedbackGenerated (1); an application's moves are its first and second ApplicationAdvanced.
            var stream = reader.GetGuid(0);
            var nth = 1;
            while (times.ContainsKey((stream, nth))) nth++;
            times[(stream, nth)] = reader.GetDateTime(2);
        }
        return times;
    }

    /// <summary>One change the bench waits to see pushed: the stream it happened on, when it was due and answered, when it arrived.</summary>
    private sealed class Probe(Guid stream, long due, int nth = 1)
    {
        private long delivered;

        public Guid Stream => stream;
        public long Due => due;
        public int Nth => nth;
        public long Answered { get; private set; }
        public DateTime AnsweredWall { get; private set; }
        public DateTime? Asked { get; set; }
        public long Delivered => Interlocked.Read(ref delivered);
        public DateTime DeliveredWall { get; private set; }
        public bool IsDelivered => Delivered != 0;
        public string? Problem { get; set; }

        public void Answer() => (Answered, AnsweredWall) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);

        public void Deliver(LiveMessage message)
        {
            DeliveredWall = message.Wall;
            Interlocked.CompareExchange(ref delivered, message.At, 0);
        }
    }

    /// <summary>The latencies of one kind of probe, after the warm-up.</summary>
    private sealed class Summary
    {
        public required Latencies FromAnswer { get; init; }
        public required Latencies WithWarmUp { get; init; }
        public required Latencies FromCommit { get; init; }
        public required Latencies AlreadyDoneFromAnswer { get; init; }
        public required Latencies AnswerToCommit { get; init; }
        public int Measured { get; init; }
        public int Missing { get; init; }
        public int Early { get; init; }

        /// <summary>Timed probes with no commit of their change when measured.</summary>
        public int Unreviewed { get; init; }

        public static Summary Of(Probe?[] probes, long counted, Dictionary<(Guid, int), DateTime> commits)
        {
            var answered = probes.Where(p => p is { Answered: > 0 }).Select(p => p!).ToList();
            var now = Stopwatch.GetTimestamp();
            // One never delivered counts with its wait so far: the percentiles are then a lower bound.
            long FromAnswer(Probe p) => Math.Max(0, (p.IsDelivered ? p.Delivered : now) - p.Answered);
            var timed = answered.Where(p => p.Due >= counted).ToList();
            var pushed = new List<long>();
            var done = new List<long>();
            var committing = new List<long>();
            foreach (var probe in timed)
            {
                if (!commits.TryGetValue((probe.Stream, probe.Nth), out var commit)) continue;
                committing.Add(Math.Max(0, Window.Ticks(commit - probe.AnsweredWall)));
                if (!probe.IsDelivered) continue;
                if (probe.Asked is { } asked && commit < asked) done.Add(FromAnswer(probe));
                else pushed.Add(Window.Ticks(probe.DeliveredWall - commit));
            }
            return new Summary
            {
                FromAnswer = new Latencies(timed.Select(FromAnswer)),
                WithWarmUp = new Latencies(answered.Select(FromAnswer)),
                FromCommit = new Latencies(pushed.Select(t => Math.Max(0, t))),
                AlreadyDoneFromAnswer = new Latencies(done),
                AnswerToCommit = new Latencies(committing),
                Measured = timed.Count,
                Missing = timed.Count(p => !p.IsDelivered),
                Early = timed.Count(p => p.IsDelivered && p.Delivered < p.Answered),
                Unreviewed = timed.Count - committing.Count,
            };
        }

        /// <summary>"p50 / p95 / max ms".</summary>
        public static string Spread(Latencies latencies) =>
            $"{latencies.PercentileMs(50):N1} / {latencies.PercentileMs(95):N1} / {latencies.PercentileMs(100):N1} ms";

        public string Describe() => $"{Spread(FromAnswer)}; {Measured - Missing:N0} of {Measured:N0}; {WithWarmUp.PercentileMs(95):N1} ms";

        public string Pushed() => $"{FromCommit.Count:N0}; {Spread(FromCommit)}";

        public string Reviewing() => Spread(AnswerToCommit);

        public string AlreadyDone() =>
            $"{AlreadyDoneFromAnswer.Count:N0}; {AlreadyDoneFromAnswer.PercentileMs(50):N1} / {AlreadyDoneFromAnswer.PercentileMs(95):N1} ms";
    }

    /// <summary>
    /// The watched company's moves: each watcher's application to SCREENING, then each to INTERVIEW, through both phases.
    /// A move's probe is registered before its request leaves, so an event that arrives before the answer is not lost.
    /// </summary>
    private sealed class Moves(World watched, IReadOnlyList<Watcher> watchers)
    {
        private readonly ConcurrentDictionary<(Guid Application, string Stage), Probe> pending = new();
        private int next;

        public (GraphQLRequest Request, Probe Probe)? Next()
        {
            var i = next++;
            if (i >= 2 * watchers.Count) return null;
            var watcher = watchers[i % watchers.Count];
            var (stage, nth) = i < watchers.Count ? ("SCREENING", 1) : ("INTERVIEW", 2);
            var probe = new Probe(watcher.Application, Stopwatch.GetTimestamp(), nth);
            pending[(watcher.Application, stage)] = probe;
            return (GraphQLRequest.Of(Documents.AdvanceApplication,
                new { input = new { applicationId = watcher.Application, toStage = stage } }, watched.OwnerToken), probe);
        }

        public void Arrived(Guid application, string stage, LiveMessage message)
        {
            if (pending.TryGetValue((application, stage), out var probe)) probe.Deliver(message);
        }
    }

    /// <summary>
    /// The subscriptions held open through a phase: each watcher's myApplications on its own WebSocket (the moves arrive
    /// there), and the idle company's owner following each of its postings on every one of a few connections (nothing
    /// happens there: they only cost memory). Anything an idle one receives, an error or an early end, is counted.
    /// </summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly ConcurrentBag<(WsConnection Connection, int Subscriptions)> connections = [];
        private int unexpected;
        private string? first;

        public int Unexpected => unexpected;

        /// <summary>The subscriptions on connections the server has not closed.</summary>
        public int StillOpen => connections.Where(c => !c.Connection.Lost).Sum(c => c.Subscriptions);

        public static async Task<Held> Open(ApiServer server, Setup setup, CancellationToken cancellation)
        {
            var held = new Held();
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, setup.Watchers.Count + Dashboards),
                    new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency, CancellationToken = cancellation },
                    async (i, token) =>
                    {
                        if (i < setup.Watchers.Count)
                        {
                            var connection = await WsConnection.Open(server.GraphQL, setup.Watchers[i].Candidate.Token, held.Watching(setup.Moves), token);
                            held.connections.Add((connection, 1));
                            await connection.Subscribe("mine", Documents.MyApplications, null, token);
                        }
                        else
                        {
                            var connection = await WsConnection.Open(server.GraphQL, setup.Idle.OwnerToken, held.Idle, token);
                            held.connections.Add((connection, setup.Idle.Postings.Count));
                            for (var p = 0; p < setup.Idle.Postings.Count; p++)
                                await connection.Subscribe($"posting-{p}", Documents.CompanyApplications, new { postingId = setup.Idle.Postings[p] }, token);
                        }
                    });
            }
            catch
            {
                await held.DisposeAsync();
                throw;
            }
            return held;
        }

        /// <summary>A watcher's messages: the moves of its application; an error or an end is unexpected.</summary>
        private Action<LiveMessage> Watching(Moves moves) => message =>
        {
            if (message.Type != "next" || message.Payload.TryGetProperty("errors", out _))
            {
                Idle(message);
                return;
            }
            var update = message.Payload.GetProperty("data").GetProperty("myApplications");
            if (update.GetProperty("kind").GetString() != "ADVANCED") return;
            var application = update.GetProperty("application");
            moves.Arrived(application.GetProperty("id").GetGuid(), application.GetProperty("stage").GetString()!, message);
        };

        private void Idle(LiveMessage message)
        {
            Interlocked.Increment(ref unexpected);
            Interlocked.CompareExchange(ref first, $"{message.Type} {message.Payload.GetRawText()}", null);
        }

        public string Describe() =>
            $"{connections.Count(c => c.Connection.Lost)} connections lost, {unexpected} unexpected messages{(first is null ? "" : $", the first: {first}")}";

        public async ValueTask DisposeAsync() => await Task.WhenAll(connections.Select(c => c.Connection.DisposeAsync().AsTask()));
    }
}
