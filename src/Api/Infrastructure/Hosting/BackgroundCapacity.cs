using Npgsql;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// How many background jobs of each kind one node runs at once, from its cores and the database connections it may
/// use, so a larger node does more and none starves its requests of connections. A review checks its submission for
/// copies in the same job; a copy check queued on its own (after a review failed for good) waits in a queue of its own,
/// so a review never waits behind one. <c>Background__Reviews</c> and
/// <c>Background__CopyChecks</c> override either figure.
/// </summary>
public sealed record BackgroundCapacity(int Reviews, int CopyChecks)
{
    public static BackgroundCapacity For(IConfiguration configuration, string connectionString) =>
        From(Environment.ProcessorCount, new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize,
            configuration.GetValue<int?>("Background:Reviews"), configuration.GetValue<int?>("Background:CopyChecks"));

    public static BackgroundCapacity From(int cores, int connections, int? reviews = null, int? copyChecks = null)
    {
        // Each running job holds a connection; the background work may take a quarter of the pool, the rest is the requests'.
        var share = Math.Max(2, connections / 4);
        // A copy check on its own computes and reads: one per core. A review (with its copy check) waits on its reads and
        // its commit, and on its reviewer (a language model answers in seconds), as much as it computes: four per core
        // (docs/performance.md, round 11).
        var copies = copyChecks ?? Math.Clamp(cores, 1, Math.Max(1, share / 3));
        return new BackgroundCapacity(reviews ?? Math.Clamp(4 * cores, 1, Math.Max(1, share - copies)), copies);
    }
}
