using System.Diagnostics;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Cluster;

/// <summary>Alone: three more API processes on two cores would slow the other tests past their timeouts, and them it.</summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>
/// Three API processes on one database with the production durability settings (appsettings.json), clients spread over
/// all of them. Under load the node holding the most background work (async projections, Wolverine's leadership) is
/// killed with SIGKILL and stays dead. Its work must move to a survivor within 15 s; afterwards every acknowledged command
/// exists exactly once, every expiry fired once across the cluster, and every projection equals a rebuild, so no event
/// was applied twice. Short by default; MULTINODE_TEST_SECONDS makes the long run (scripts/multinode-test, docs/operations.md).
/// </summary>
[Collection(nameof(ClusterCollection))]
public class several_nodes(AppFixture app, ITestOutputHelper output)
{
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("MULTINODE_TEST_SECONDS"), out var s) ? s : 6;
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task when_the_node_holding_the_projections_dies_a_survivor_takes_over_and_nothing_is_lost_or_applied_twice()
    {
        var started = Stopwatch.StartNew();
        var nodes = await ApiProcess.StartCluster(3);
        await using var first = nodes[0];
        await using var second = nodes[1];
        await using var third = nodes[2];
        using var http = new HttpClient(new RoundRobin(nodes)) { BaseAddress = new Uri(first.Url), Timeout = TimeSpan.FromSeconds(10) };
        var client = new PatientClient(http);
        output.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: three nodes ready");
        var load = await MarketplaceLoad.Prepare(app, client, "Cluster Co", postingCount: 2, candidateCount: Math.Max(10, Seconds * 2));
        await using var db = new NpgsqlConnection(first.ConnectionString);
        await db.OpenAsync();
        // The expiries fall due after the kill: the survivors must fire each exactly once.
        await load.BringExpiriesForward(db, Seconds * 0.6);

        output.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: company, postings, challenge and candidates registered");
        using var loadTime = new CancellationTokenSource(TimeSpan.FromSeconds(Seconds));
        var workers = load.Run(loadTime.Token, output.WriteLine);
        await Task.Delay(TimeSpan.FromSeconds(Seconds * 0.3));

        // The node that holds the most locks (each async projection is one; Wolverine's leader holds another).
        var held = await Eventually.Until(() => SteadyLocks(db), l => l.Count >= 3, TimeSpan.FromSeconds(15));
        held.Count.ShouldBeGreaterThanOrEqualTo(3, "each of the three async projections runs under a lock on some node");
        output.WriteLine("before the kill: " + string.Join("; ", held.GroupBy(l => l.Value).Select(g => $"{g.Key} holds {g.Count()} locks")));
        var victim = nodes.Single(n => n.Name == held.GroupBy(l => l.Value).MaxBy(g => g.Count())!.Key);
        var victimLocks = held.Where(l => l.Value == victim.Name).Select(l => l.Key).ToList();
        var highWater = await EventStoreChecks.Scalar(db, "select max(seq_id) from mt_events");
        var clock = Stopwatch.StartNew();
        await victim.Kill();

        // Takeover: each lock the dead node held is held by a survivor, and every async projection is past the kill point.
        var locksMoved = await Eventually.Until(async () =>
        {
            var now = await Locks(db);
            return victimLocks.All(l => now.TryGetValue(l, out var holder) && holder != victim.Name) ? clock.Elapsed : (TimeSpan?)null;
        }, moved => moved is not null, Promise * 2);
        var caughtUp = await Eventually.Until(async () =>
            await EventStoreChecks.Scalar(db, "select coalesce(min(last_seq_id), 0) from mt_event_progression where name like '%:All'") >= highWater
                ? clock.Elapsed : (TimeSpan?)null, done => done is not null, Promise * 2);
        var moved = nodes.Where(n => n != victim).Select(n => n.Name).ToList();
        output.WriteLine($"killed {victim.Name} holding {victimLocks.Count} locks; its locks were held by {string.Join(" or ", moved)} after " +
                         $"{locksMoved?.TotalSeconds:0.0} s; async projections were past the kill point after {caughtUp?.TotalSeconds:0.0} s");
        Console.WriteLine($"TAKEOVER locks={locksMoved?.TotalSeconds:0.0}s projections={caughtUp?.TotalSeconds:0.0}s load={Seconds}s");
        locksMoved.ShouldNotBeNull($"the dead node's work moves to a survivor within {Promise.TotalSeconds * 2} s");
        locksMoved.Value.ShouldBeLessThan(Promise);
        caughtUp.ShouldNotBeNull();
        caughtUp.Value.ShouldBeLessThan(Promise);

        await workers;
        output.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: load over");
        output.WriteLine($"{load.Done.Count} commands acknowledged, {client.Retries} retries");
        var drained = await load.ShouldHaveLostNothing(db);
        output.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: nothing lost, every job ran once");
        output.WriteLine($"FIGURES several nodes: {Seconds} s of load, {load.Done.Count} commands acknowledged, {client.Retries} client retries, " +
                         $"background work drained {drained.TotalSeconds:0.0} s after the load");
        foreach (var node in nodes) await node.Kill();
        await EventStoreChecks.ShouldEqualARebuild(db, first);
        output.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: projections equal a rebuild");
    }

    /// <summary>Session advisory locks held by each node's connections: lock key → node (the connection's application name).</summary>
    private static async Task<Dictionary<long, string>> Locks(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand(
            "select (l.classid::bigint << 32) | l.objid::bigint, a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid " +
            "where l.locktype = 'advisory' and l.granted and a.datname = current_database() and a.application_name like 'node-%'", db);
        var locks = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) locks[reader.GetInt64(0)] = reader.GetString(1);
        return locks;
    }

    /// <summary>Locks held in two readings a second apart: leaves out the ones a transaction takes for a moment.</summary>
    private static async Task<Dictionary<long, string>> SteadyLocks(NpgsqlConnection db)
    {
        var before = await Locks(db);
        await Task.Delay(1000);
        var after = await Locks(db);
        return after.Where(l => before.TryGetValue(l.Key, out var holder) && holder == l.Value).ToDictionary();
    }

    /// <summary>Sends each request to the next node in turn, as a load balancer would; a dead node's share fails and is retried elsewhere.</summary>
    private sealed class RoundRobin(IReadOnlyList<ApiProcess> nodes) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var node = nodes[(int)((uint)Interlocked.Increment(ref _next) % nodes.Count)];
            request.RequestUri = new Uri(new Uri(node.Url), request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
