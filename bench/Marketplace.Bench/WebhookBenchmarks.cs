using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// --webhooks (issue 27): the command path with 50 webhook endpoints subscribed, one of them down, against the same path
/// with none, measured before and after (the two runs without say how far the figures move on their own); and what the
/// 49 healthy receivers saw: how late each delivery arrived after its event's commit, how many arrived per second, and
/// how long the backlog took to drain once the load stopped; and what became of the down endpoint's deliveries.
/// </summary>
public sealed class WebhookBenchmarks(BenchContext context)
{
    /// <summary>
    /// The load's events spread evenly over eleven companies' postings: one company with many integrations (20
    /// endpoints, the down one among them, so it shares every event and every fan-out page with 19 healthy ones) and ten
    /// with a few (3 each). An event reaches 50 / 11 ≈ 4.5 endpoints on average.
    /// </summary>
    private const int OtherCompanies = 10;
    private const int EndpointsOfTheBusyCompany = 20;
    private const int EndpointsOfEachOther = 3;
    public const int Healthy = EndpointsOfTheBusyCompany - 1 + OtherCompanies * EndpointsOfEachOther;

    private static readonly string[] EventTypes = ["application.received", "application.stage_changed"];

    /// <summary>Loopback receivers over http; everything else as in production (timeout, retries, concurrency).</summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks__AllowHttp"] = "true",
        ["Webhooks__AllowedRanges__0"] = "127.0.0.0/8",
    };

    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Where the deliveries run: by default on a node of their own beside the API (Node__Role=Deliveries, the API with
    /// Node__Role=Api, docs/adr/0040), which shares the API's two cores here and so runs at nice 19 as an operator would
    /// start it on a shared machine; with MARKETPLACE_BENCH_DELIVERIES=api, on the API itself, as before round 30.
    /// </summary>
    private static readonly bool OnANodeOfTheirOwn = Environment.GetEnvironmentVariable("MARKETPLACE_BENCH_DELIVERIES") != "api";

    /// <summary>The node of deliveries' nice value and its group's (MARKETPLACE_BENCH_DELIVERIES_NICE, 19 unless set).</summary>
    private static readonly int DeliveriesNice = int.TryParse(Environment.GetEnvironmentVariable("MARKETPLACE_BENCH_DELIVERIES_NICE"), out var nice) ? nice : 19;

    /// <summary>The receivers in a process of their own at the node's weight, unless MARKETPLACE_BENCH_RECEIVERS=here (see <see cref="WebhookReceivers"/>).</summary>
    private static readonly bool ReceiversApart = Environment.GetEnvironmentVariable("MARKETPLACE_BENCH_RECEIVERS") != "here";

    private static Dictionary<string, string> As(string role) => new(Settings) { ["Node__Role"] = role };

    private readonly Report report = context.Report;
    private readonly BenchOptions options = context.Options;
    private readonly CancellationToken cancellation = context.Cancellation;

    public async Task Run()
    {
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        await using var receivers = ReceiversApart
            ? await WebhookReceivers.StartApart(Healthy, DeliveriesNice, cancellation)
            : await WebhookReceivers.Start(Healthy, cancellation);
        using var down = new SilentReceiver();
        await using var server = await context.Launcher.Serve(context.Databases.Main, context.Http, cancellation, OnANodeOfTheirOwn ? As("Api") : Settings);
        await using var deliveriesNode = OnANodeOfTheirOwn
            ? await context.Launcher.Serve(context.Databases.Main, context.Http, cancellation, As("Deliveries"), DeliveriesNice)
            : null;
        var cpu = await ServerCpu.For(server.ProcessId, database, cancellation);
        if (deliveriesNode is not null) cpu = cpu.WithDeliveries(deliveriesNode.ProcessId);
        var client = new GraphQLClient(context.Http, server.GraphQL);
        var load = new Load(client, report, cancellation);

        Log.Detail($"setup: {1 + OtherCompanies} companies with 20 postings each, {options.InitialCandidates} candidates who apply to all of them");
        var busy = await World.Create(client, context, options.InitialCandidates, "bench-hooks");
        var companies = new List<World> { busy };
        for (var i = 1; i <= OtherCompanies; i++) companies.Add(await World.Create(client, context, 0, $"bench-hooks-{i}"));
        var rounds = new Rounds(this, server, database, load,
            new ApplicationRequests(busy, [.. companies.SelectMany(c => c.Postings)]),
            new AdvanceRequests(database, companies.ToDictionary(c => c.CompanyId, c => c.OwnerToken)),
            cpu);
        await Settled(database);
        await rounds.WarmUp(busy.RegistrationRate);

        var without = await rounds.Measure("without endpoints", null);
        var endpoints = await Subscribe(client, companies, receivers, down);
        var deliveries = new WebhookDeliveries(context, database, receivers, down, endpoints);
        await rounds.WarmUpDeliveries(deliveries);
        var with = await rounds.Measure($"with {endpoints.All.Count} endpoints, one down", deliveries);
        await deliveries.Collect();
        await Unsubscribe(client, endpoints);
        await deliveries.Quiet();
        var again = await rounds.Measure("without endpoints again", null);

        report.AddText("webhooks: the endpoints and the API's settings",
            $"{endpoints.All.Count} endpoints for {string.Join(" and ", EventTypes)}, the load's events spread evenly over {companies.Count} " +
            $"companies: one with {EndpointsOfTheBusyCompany} (the down one among them), {OtherCompanies} with {EndpointsOfEachOther}; " +
            $"{Healthy} healthy receivers on loopback (Kestrel, 200 at once), the down one accepts and never answers; " +
            "Webhooks__AllowHttp=true, Webhooks__AllowedRanges__0=127.0.0.0/8, the rest the defaults (timeout 10 s, retries after 5 s, 5 min, 30 min, …, " +
            "4 attempts in flight per endpoint, 32 per node, on threads at nice 19 unless Webhooks__Nice says otherwise); " +
            (OnANodeOfTheirOwn
                ? $"the deliveries on a node of their own (Node__Role=Deliveries, the API Node__Role=Api) on the same two cores at nice {DeliveriesNice}"
                : "the deliveries on the API itself (MARKETPLACE_BENCH_DELIVERIES=api)") +
            (ReceiversApart ? $"; the receivers in a process of their own at nice {DeliveriesNice} in its own scheduling group" : "; the receivers in the bench's process"), "webhooks");
        await deliveries.CountWrites();
        rounds.Report(without, with, again);
        deliveries.Report();
    }

    /// <summary>The ids of the endpoints the bench registered: every one, the busy company's healthy ones, the down one.</summary>
    public sealed record Endpoints(IReadOnlyList<(Guid Id, string Owner)> All, IReadOnlyList<Guid> Healthy, IReadOnlyList<Guid> BesideTheDownOne, Guid Down);

    /// <summary>Each company's owner registers its endpoints, as through the company's Webhooks page.</summary>
    private async Task<Endpoints> Subscribe(GraphQLClient client, IReadOnlyList<World> companies, WebhookReceivers receivers, SilentReceiver down)
    {
        Log.Detail($"registering {Healthy + 1} endpoints");
        var all = new List<(Guid, string)>();
        var healthy = new List<Guid>();
        var beside = new List<Guid>();
        var url = 0;
        async Task<Guid> Register(World company, string address)
        {
            var data = await client.Data(GraphQLRequest.Of(
                "mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }",
                new { input = new { url = address, eventTypes = EventTypes } }, company.OwnerToken), cancellation);
            var id = data.GetProperty("createWebhookEndpoint").GetProperty("endpoint").GetProperty("id").GetGuid();
            all.Add((id, company.OwnerToken));
            return id;
        }
        for (var c = 0; c < companies.Count; c++)
        {
            var healthyHere = c == 0 ? EndpointsOfTheBusyCompany - 1 : EndpointsOfEachOther;
            for (var e = 0; e < healthyHere; e++)
            {
                var id = await Register(companies[c], receivers.Urls[url++]);
                healthy.Add(id);
                if (c == 0) beside.Add(id);
            }
        }
        var downId = await Register(companies[0], down.Url);
        return new Endpoints(all, healthy, beside, downId);
    }

    /// <summary>Deletes every endpoint: their deliveries not yet made fail at their next turn instead of going on.</summary>
    private async Task Unsubscribe(GraphQLClient client, Endpoints endpoints)
    {
        Log.Detail($"deleting the {endpoints.All.Count} endpoints");
        foreach (var (id, owner) in endpoints.All)
            await client.Data(GraphQLRequest.Of(
                "mutation($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { deleted } }",
                new { input = new { endpointId = id } }, owner), cancellation);
    }

    private async Task Settled(NpgsqlDataSource database)
    {
        if (await ProjectionLag.Measure(database, SettleLimit, cancellation) is null)
            Log.Detail($"the async projections did not catch up within {SettleLimit.TotalSeconds:0} s; going on");
    }

    /// <summary>The command series of one round, run the same way without endpoints, with them, and without again.</summary>
    private sealed class Rounds(WebhookBenchmarks bench, ApiServer server, NpgsqlDataSource database, Load load, ApplicationRequests applications,
        AdvanceRequests advances, ServerCpu cpu)
    {
        private readonly BenchOptions options = bench.options;
        private double guess;
        private double openRate;

        public sealed record Burst(LoadResult Result, string Cpu);

        public sealed record Round(string Name, Burst Apply8, Burst Apply32, Burst Advance8, OpenLoopResult Open, double Resident, string Noise);

        /// <summary>
        /// Both commands at both client counts for a few seconds: the JIT and the pools warm, and a first guess of the rate
        /// to prepare for. With a warm-up of 4 s in all, the first round without endpoints ran at half the rate of the
        /// round after the endpoints, which made the noise band as wide as the effect.
        /// </summary>
        public async Task WarmUp(double registrationRate)
        {
            Log.Detail("warming up: applyToPosting for 5 s at 8 clients and 3 s at 32, advanceApplication for 3 s at 8");
            await applications.EnsureRemaining((int)(5 * registrationRate * 8) + 100);
            var apply = await load.ClosedLoop(WarmingUp, 8, Window.StartingNow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)), applications.Next);
            await applications.EnsureRemaining(PairsFor(apply.Throughput().Value, TimeSpan.FromSeconds(3)));
            await load.ClosedLoop(WarmingUp, 32, Window.StartingNow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), applications.Next);
            await advances.Refill(bench.cancellation);
            await load.ClosedLoop(WarmingUp, 8, Window.StartingNow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), advances.Next);
            guess = apply.Throughput().Value;
            await UntilTheJitIsQuiet();
            await bench.Settled(database);
        }

        /// <summary>See <see cref="JitQuiet"/>: the rounds compared start alike.</summary>
        private Task UntilTheJitIsQuiet() => JitQuiet.Wait(cpu, load, WarmingUp, applications.Next,
            step => applications.EnsureRemaining(PairsFor(guess, step)));

        private const string WarmingUp = "webhooks: warm-up";

        /// <summary>
        /// With the endpoints registered, applyToPosting for a few seconds at 8 clients, then until their deliveries have
        /// arrived. The round with endpoints had met the receivers' code (in the bench) and the API's delivery path for
        /// the first time inside its first window: a profile of it found the bench's JIT on a sixth of the machine
        /// (docs/performance.md, round 29), where the rounds without endpoints run after a warm-up of their own.
        /// </summary>
        public async Task WarmUpDeliveries(WebhookDeliveries deliveries)
        {
            Log.Detail("warming up the deliveries: applyToPosting for 4 s at 8 clients, then until its deliveries have arrived and the JIT is quiet");
            await applications.EnsureRemaining(PairsFor(guess, TimeSpan.FromSeconds(4)));
            await load.ClosedLoop(WarmingUp, 8, Window.StartingNow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), applications.Next);
            await deliveries.WarmedUp();
            await UntilTheJitIsQuiet();
            await bench.Settled(database);
        }

        /// <summary>
        /// applyToPosting at 8 and 32 clients, advanceApplication at 8, then applyToPosting in an open loop at half the
        /// first round's 8-client rate. With deliveries to follow, the bursts' backlog is waited out before the open loop,
        /// whose deliveries the latency target judges, and the open loop's after it.
        /// </summary>
        public async Task<Round> Measure(string name, WebhookDeliveries? deliveries)
        {
            Log.Step($"Webhooks: the command path {name}");
            await bench.Settled(database);
            var started = LoadAverage();
            var memory = new MemorySampler(server);
            var timeline = CpuTimeline.Start(cpu);
            deliveries?.Begin("bursts");
            var window = options.WarmUp + options.Duration;
            await applications.EnsureRemaining(PairsFor(guess, window));
            var apply8 = await Timed("applyToPosting", 8, applications.Next);
            guess = Math.Max(guess, apply8.Result.Throughput().Value);
            await applications.EnsureRemaining(PairsFor(guess, window));
            var apply32 = await Timed("applyToPosting", 32, applications.Next);
            Log.Detail($"{await advances.Refill(bench.cancellation):N0} stage moves ready");
            var advance8 = await Timed("advanceApplication", 8, advances.Next);
            if (deliveries is not null) await deliveries.Drained();

            if (openRate == 0) openRate = apply8.Result.Throughput().Value / 2;
            await applications.EnsureRemaining(PairsFor(openRate, window));
            await bench.Settled(database);
            deliveries?.Begin("open loop");
            var open = await load.OpenLoop(OpenLoop, openRate, window, applications.Next);
            if (deliveries is not null) await deliveries.Drained();
            await timeline.DisposeAsync();
            await memory.DisposeAsync();
            return new Round(name, apply8, apply32, advance8, open.After(options.WarmUp), memory.MaxMegabytes,
                $"load average {started} → {LoadAverage()}; {timeline.Describe([])}");
        }

        private async Task<Burst> Timed(string command, int clients, Func<GraphQLRequest?> next)
        {
            var (result, perCommand) = await cpu.ClosedLoop(load, Name(command, clients), clients, options, next, "API", bench.cancellation);
            await bench.Settled(database);
            return new Burst(result, perCommand);
        }

        private const string OpenLoop = "webhooks: applyToPosting, open loop";

        private static string Name(string command, int clients) => $"webhooks: {command}, {clients} clients";

        private static int PairsFor(double perSecond, TimeSpan phase) => (int)(perSecond * 2 * phase.TotalSeconds) + 100;

        /// <summary>The 1, 5 and 15 minute load averages: how many processes wanted the two cores.</summary>
        private static string LoadAverage() => string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

        /// <summary>Each figure without endpoints, with them, and without again; judged against the two runs without.</summary>
        public void Report(Round without, Round with, Round again)
        {
            var report = bench.report;
            Round[] all = [without, with, again];
            const string judged = "no slower than noise: ≥ the slower run without";
            foreach (var (command, clients, of) in new (string, int, Func<Round, Burst>)[]
                     {
                         ("applyToPosting", 8, r => r.Apply8), ("applyToPosting", 32, r => r.Apply32), ("advanceApplication", 8, r => r.Advance8),
                     })
            {
                var name = Name(command, clients);
                var rates = all.Select(r => of(r).Result.Throughput().Value).ToArray();
                report.AddText($"{name}: throughput without endpoints / with them / without again", string.Join(" / ", rates.Select(r => $"{r:N0}")) + " ok/s", name);
                report.AddText($"{name}: with endpoints against the runs without", Against(rates[1], rates[0], rates[2]), name, judged,
                    rates[1] >= Math.Min(rates[0], rates[2]));
                report.AddText($"{name}: latency p50 / p95 / p99 without / with / without again", string.Join("; ", all.Select(r => of(r).Result.Percentiles())), name);
                report.AddText($"{name}: CPU per command (API with its deliveries, and PostgreSQL) without / with / without again",
                    string.Join("; ", all.Select(r => of(r).Cpu)), name);
            }
            var p99 = all.Select(r => r.Open.PercentileMs(99)).ToArray();
            report.AddText($"applyToPosting, open loop at {openRate:N0}/s (half the first 8-client rate): p99 without / with / without again",
                string.Join(" / ", p99.Select(p => $"{p:N1}")) + " ms", OpenLoop, "no slower than noise: ≤ the worse run without",
                p99[1] <= Math.Max(p99[0], p99[2]));
            report.AddText("applyToPosting, open loop: answered per second; p50 / p95, without / with / without again",
                string.Join("; ", all.Select(r => $"{r.Open.Throughput()}, {r.Open.PercentileMs(50):N1} / {r.Open.PercentileMs(95):N1} ms")), OpenLoop);
            report.AddText("webhooks: API resident memory, highest during the round, without / with / without again",
                string.Join(" / ", all.Select(r => $"{r.Resident:N0}")) + " MB", "webhooks");
            foreach (var round in all)
                report.AddText($"webhooks: host noise {round.Name}: load average at its start → end; the machine's median second", round.Noise, "webhooks");
        }

        /// <summary>"96.1 % of the runs without (they are 3.5 % apart)".</summary>
        private static string Against(double with, double first, double again) =>
            $"{with / ((first + again) / 2) * 100:N1} % of the runs without (they are {Math.Abs(first - again) / ((first + again) / 2) * 100:N1} % apart)";
    }
}
