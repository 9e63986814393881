using System.Text.Json;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// The fixed stack's floor: how fast the founders' stack (Kestrel, GraphQL.NET, Wolverine, Marten) appends one event per
/// request with nothing of the product in between, one layer added per rung, 8 clients each, on the same footing as the
/// commands (published ReadyToRun, connections pooled as ADR 0017 says, CPU read from /proc). Issue 7 asks the
/// product's commands to reach bare Marten's rate; these rungs say how much of that the stack alone leaves.
/// </summary>
public sealed class FloorBenchmarks(BenchContext context, Baselines baselines)
{
    private const int Clients = 8;
    private static readonly string Payload = new('x', 480);

    /// <summary>The floor server's Marten schema (bench/Marketplace.Bench.Floor/Program.cs), dropped when the rungs are measured.</summary>
    private const string Schema = "bench_floor";

    /// <summary>Measures the rungs; the top one's throughput, the commands' yardstick.</summary>
    public async Task<Measure> Run()
    {
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        Measure top;
        await using (var server = await context.Launcher.ServeFloor(context.Databases.Main, context.Http, context.Cancellation))
            top = await Rungs(server, database);
        await context.Databases.DropSchema(Schema, context.Cancellation);
        return top;
    }

    private async Task<Measure> Rungs(ApiServer server, NpgsqlDataSource database)
    {
        var cpu = await ServerCpu.For(server.ProcessId, database, context.Cancellation);
        var load = (Uri endpoint) => new Load(new GraphQLClient(context.Http, endpoint), context.Report, context.Cancellation);

        var plain = new GraphQLRequest(JsonSerializer.SerializeToUtf8Bytes(new { payload = Payload }), null);
        await Rung("HTTP + Marten (a minimal API endpoint)", load(server.At("/marten")), () => plain, cpu);
        var direct = GraphQLRequest.Of("mutation($payload: String!) { appendDirectly(payload: $payload) }", new { payload = Payload });
        await Rung("HTTP + GraphQL + Marten", load(server.GraphQL), () => direct, cpu);
        var wolverine = GraphQLRequest.Of("mutation($payload: String!) { append(payload: $payload) }", new { payload = Payload });
        return await Rung("HTTP + GraphQL + Wolverine + Marten", load(server.GraphQL), () => wolverine, cpu);
    }

    private async Task<Measure> Rung(string layers, Load load, Func<GraphQLRequest> next, ServerCpu cpu)
    {
        var name = $"floor: {layers}, {Clients} clients";
        // Measured once the server's JIT is quiet, as the commands are.
        await JitQuiet.Wait(cpu, load, $"{name}: warm-up", next, _ => Task.CompletedTask);
        var (result, cpuPerRequest) = await cpu.ClosedLoop(load, name, Clients, context.Options, next, "server", context.Cancellation);
        var report = context.Report;
        report.Add($"{name}: throughput", result.Throughput(), name, baselines.SingleRowInserts);
        if (baselines.BareMarten is { } marten) report.Add($"{name}: throughput against bare Marten", result.Throughput(), name, marten);
        report.AddText($"{name}: latency p50 / p95 / p99; CPU per request",
            $"{result.Percentiles()}; {cpuPerRequest}", name);
        return result.Throughput();
    }
}
