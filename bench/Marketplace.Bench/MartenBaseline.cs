using JasperFx;
using Marten;
using Npgsql;
using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>
/// Bare Marten in the bench's own process, on the same PostgreSQL: one new stream with one ~500-byte event per
/// SaveChanges, 8 writers. No HTTP, GraphQL, Wolverine, reads or read models: the floor under the product's commands
/// (issue 7 asks the whole command path to be as fast as this). Its tables live in a schema of their own. Its
/// connections are pooled with the settings the API's store uses (src/Api/Infrastructure/Hosting/ConnectionSettings.cs, ADR 0017:
/// no reset between uses, repeated statements prepared), so the two are compared on the same footing.
/// </summary>
public sealed class MartenBaseline(string connectionString, BenchOptions options, CancellationToken cancellation)
{
    private const int Writers = 8;
    /// <summary>Where the baseline's events go; dropped once it is measured (<see cref="Databases.DropSchema"/>).</summary>
    public const string Schema = "bench_marten";

    public sealed record Appended(Guid Id, string Payload);

    /// <summary>Commits per second, and the CPU one commit costs this process and PostgreSQL.</summary>
    public async Task<(Measure Rate, string CpuPerCommit)> Run()
    {
        await using var store = DocumentStore.For(opts =>
        {
            opts.Connection(Marketplace.Api.Infrastructure.Hosting.ConnectionSettings.Tuned(connectionString));
            opts.DatabaseSchemaName = Schema;
            opts.AutoCreateSchemaObjects = AutoCreate.All;
            opts.Events.AddEventType<Appended>();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var payload = new string('x', 480);
        await using var database = NpgsqlDataSource.Create(connectionString);
        var cpu = await ServerCpu.For(Environment.ProcessId, database, cancellation);
        var window = Window.StartingNow(options.WarmUp, options.Duration);
        var before = cpu.ReadAt(window.MeasureFrom, cancellation);
        var commits = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            long counted = 0;
            while (true)
            {
                await using (var session = store.LightweightSession())
                {
                    var id = Guid.NewGuid();
                    session.Events.StartStream(id, new Appended(id, payload));
                    await session.SaveChangesAsync(cancellation);
                }
                var now = Stopwatch.GetTimestamp();
                if (window.IsOver(now)) return counted;
                if (window.Counts(now)) counted++;
            }
        }, cancellation)));
        var after = cpu.Read();
        // The writers stop at the first commit after the window; the few commits past it are not worth correcting for.
        return (new Measure(commits.Sum() / window.Seconds, "commits/s", "bare Marten, 1 event per commit"),
            ServerCpu.PerCommand(await before, after, commits.Sum(), "bench process"));
    }
}
