using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// The bench's own databases, named after the one in ConnectionStrings__Marketplace (which ./bench sets up):
/// one for the baselines and the API under load, one for the big funnel history. Both start empty on every run.
/// </summary>
public sealed class Databases(NpgsqlConnectionStringBuilder source)
{
    public string Main { get; } = For(source, $"{source.Database}_bench");
    public string Funnel { get; } = For(source, $"{source.Database}_bench_funnel");

    /// <summary>The maintenance database, to create and drop the others from.</summary>
    public string Server { get; } = For(source, "postgres");

    public static Databases FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Marketplace");
        if (string.IsNullOrWhiteSpace(configured))
            throw new BenchFailure("ConnectionStrings__Marketplace is not set: run ./bench.sh, which starts PostgreSQL and sets it.");
        return new Databases(new NpgsqlConnectionStringBuilder(configured));
    }

    public async Task Recreate(CancellationToken cancellation)
    {
        await Drop(cancellation);
        foreach (var database in Names()) await Administer($"create database {database}", cancellation);
    }

    public async Task Drop(CancellationToken cancellation)
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var database in Names()) await Administer($"drop database if exists {database} with (force)", cancellation);
    }

    /// <summary>
    /// Drops a schema of the main database that a baseline wrote, once it is measured. Left behind, its tables were
    /// vacuumed and analysed by autovacuum during the product's measurements (docs/performance.md, the open loop).
    /// </summary>
    public Task DropSchema(string schema, CancellationToken cancellation) =>
        Execute(Main, $"drop schema if exists {schema} cascade", cancellation);

    private IEnumerable<string> Names() => [Name(Main), Name(Funnel)];

    private static string Name(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private Task Administer(string sql, CancellationToken cancellation) => Execute(Server, sql, cancellation);

    private static async Task Execute(string connectionString, string sql, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static string For(NpgsqlConnectionStringBuilder source, string database) =>
        new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = database }.ConnectionString;
}
