using Npgsql;
using System.Data.Common;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// The pooled-connection settings the store runs with (docs/adr/0017), applied to the configured connection string
/// unless it names them itself.
/// </summary>
public static class ConnectionSettings
{
    /// <summary>Statements a connection keeps prepared (least recently used go first).</summary>
    public const int MaxAutoPrepare = 128;

    /// <summary>How many runs of the same SQL on one connection make it worth preparing.</summary>
    public const int AutoPrepareMinUsages = 2;

    /// <summary>
    /// A pooled connection is closed, not reused, when it comes back older than this. It bounds whatever session state
    /// a user left behind on it, since it is not reset between uses.
    /// </summary>
    public const int ConnectionLifetimeSeconds = 300;

    /// <summary>
    /// Marten opens a pooled connection for each operation, about a dozen per command with the daemon's reads. By
    /// default Npgsql resets each with DISCARD ALL, which also drops the cached plans of PL/pgSQL functions, so Marten's
    /// append function and every statement were planned afresh on each use. Not resetting, and preparing the statements
    /// that repeat, halved PostgreSQL's CPU per command (docs/performance.md). Open transactions are still rolled back
    /// when a connection goes back to the pool.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var named = given.Keys.Cast<string>().Select(Normalise).ToHashSet();
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.Contains("noresetonclose")) tuned.NoResetOnClose = true;
        if (!named.Contains("maxautoprepare")) tuned.MaxAutoPrepare = MaxAutoPrepare;
        if (!named.Contains("autoprepareminusages")) tuned.AutoPrepareMinUsages = AutoPrepareMinUsages;
        if (!named.Contains("connectionlifetime") && !named.Contains("loadbalancetimeout")) tuned.ConnectionLifetime = ConnectionLifetimeSeconds;
        return tuned.ConnectionString;
    }

    private static string Normalise(string keyword) => keyword.Replace(" ", "").ToLowerInvariant();
}
