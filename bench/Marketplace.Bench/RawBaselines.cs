using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Bench;

public sealed record Baselines(Measure SingleRowInserts, Measure BatchedInserts, Measure Copy, Measure PointReads)
{
    /// <summary>Bare Marten appends, measured after the raw baselines (<see cref="MartenBaseline"/>).</summary>
    public Measure? BareMarten { get; init; }

    /// <summary><c>pgbench -S -M prepared</c> at 8 clients (<see cref="PgBench"/>): the reads' yardstick since issue 29.</summary>
    public Measure? PgBenchReads { get; init; }

    /// <summary>
    /// The fixed stack's floor at 8 clients, its top rung (HTTP + GraphQL + Wolverine + Marten, one append): the
    /// commands' yardstick since issue 29 (<see cref="FloorBenchmarks"/>).
    /// </summary>
    public Measure? Floor { get; init; }
}

/// <summary>
/// What plain Npgsql gets out of the same PostgreSQL in the same run: the yardsticks for the product's figures.
/// </summary>
public sealed class RawBaselines(NpgsqlDataSource database, BenchOptions options, CancellationToken cancellation)
{
    private const int Connections = 8;
    private const int BatchSize = 100;
    private static readonly string Payload = MakePayload();

    public async Task<Baselines> Run()
    {
        await Execute("drop table if exists bench_rows; create table bench_rows (id uuid primary key, data jsonb not null)");
        var single = await Rate(InsertOneRowPerTransaction);
        await Execute("truncate bench_rows");
        var batched = await Rate(InsertBatches);
        await Execute("truncate bench_rows");
        var (copy, ids) = await Copy();
        var reads = await Rate(connection => ReadPoints(connection, ids));
        await Execute("drop table bench_rows");
        return new Baselines(
            new Measure(single, "rows/s", "1 row per transaction"),
            new Measure(batched, "rows/s", $"{BatchSize}-row batches"),
            new Measure(copy, "rows/s", "binary COPY"),
            new Measure(reads, "reads/s", "prepared point reads"));
    }

    /// <summary>
    /// Opens and prepares every connection first, then runs the operation on all of them through the warm-up and
    /// the measured window; units finished within the window count.
    /// </summary>
    private async Task<double> Rate(Func<NpgsqlConnection, Task<Func<Task<int>>>> prepare)
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => database.OpenConnectionAsync(cancellation).AsTask()));
        try
        {
            var operations = await Task.WhenAll(connections.Select(prepare));
            var window = Window.StartingNow(options.WarmUp, options.Duration);
            var units = await Task.WhenAll(operations.Select(operation => Task.Run(() => Repeat(operation, window))));
            return units.Sum() / window.Seconds;
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    private static async Task<long> Repeat(Func<Task<int>> operation, Window window)
    {
        long counted = 0;
        while (true)
        {
            var units = await operation();
            var now = Stopwatch.GetTimestamp();
            if (window.IsOver(now)) return counted;
            if (window.Counts(now)) counted += units;
        }
    }

    private async Task<Func<Task<int>>> InsertOneRowPerTransaction(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand("insert into bench_rows (id, data) values ($1, $2)", connection);
        var id = new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid };
        command.Parameters.Add(id);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = Payload });
        await command.PrepareAsync(cancellation);
        return async () =>
        {
            id.TypedValue = Guid.NewGuid();
            return await command.ExecuteNonQueryAsync(cancellation);
        };
    }

    private async Task<Func<Task<int>>> InsertBatches(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand("insert into bench_rows (id, data) select * from unnest($1::uuid[], $2::jsonb[])", connection);
        var ids = new Guid[BatchSize];
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, TypedValue = Enumerable.Repeat(Payload, BatchSize).ToArray(),
        });
        await command.PrepareAsync(cancellation);
        return async () =>
        {
            for (var i = 0; i < ids.Length; i++) ids[i] = Guid.NewGuid();
            return await command.ExecuteNonQueryAsync(cancellation);
        };
    }

    /// <summary>One binary COPY of all the rows; their ids are kept for the point reads.</summary>
    private async Task<(double RowsPerSecond, Guid[] Ids)> Copy()
    {
        var ids = new Guid[options.CopyRows];
        for (var i = 0; i < ids.Length; i++) ids[i] = Guid.NewGuid();
        await using var connection = await database.OpenConnectionAsync(cancellation);
        var started = Stopwatch.GetTimestamp();
        // Synchronous writes: the client should not be what limits the yardstick.
        using (var writer = connection.BeginBinaryImport("copy bench_rows (id, data) from stdin (format binary)"))
        {
            foreach (var id in ids)
            {
                writer.StartRow();
                writer.Write(id, NpgsqlDbType.Uuid);
                writer.Write(Payload, NpgsqlDbType.Jsonb);
            }
            writer.Complete();
        }
        return (ids.Length / Stopwatch.GetElapsedTime(started).TotalSeconds, ids);
    }

    private async Task<Func<Task<int>>> ReadPoints(NpgsqlConnection connection, Guid[] ids)
    {
        var command = new NpgsqlCommand("select data from bench_rows where id = $1", connection);
        var id = new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid };
        command.Parameters.Add(id);
        await command.PrepareAsync(cancellation);
        var random = new Random();
        return async () =>
        {
            id.TypedValue = ids[random.Next(ids.Length)];
            return await command.ExecuteScalarAsync(cancellation) is string ? 1 : 0;
        };
    }

    private async Task Execute(string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>About 500 bytes of JSON, shaped like a small document.</summary>
    private static string MakePayload() => JsonSerializer.Serialize(new
    {
        kind = "posting",
        title = "Senior Backend Engineer, Payments Platform",
        company = "Northwind Systems",
        skills = new[] { "microservices", "event-sourcing", "postgresql", "kubernetes" },
        salary = new { min = 70_000, max = 95_000, currency = "EUR" },
        remote = "HYBRID",
        description = "We run a ledger for a few million merchants. You will own services end to end, from design review " +
                      "to on-call, and help us split the last monolith into services with clear boundaries and contracts.",
        tags = new[] { "backend", "fintech", "distributed-systems" },
    });
}
