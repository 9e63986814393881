using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// How far the slowest async projection (leaderboards, talent profiles, application timelines) is behind: the age of the
/// oldest event it has not applied. Beyond Health__MaxProjectionLagSeconds (default 60) the node reports Degraded: still
/// ready (HTTP 200, because the lag is the cluster's and not this node's, and taking every node out of the load balancer
/// would not help), but visible to probes and dashboards. A dead holder's projections move by themselves (ADR 0014).
/// Only the shards this build runs count.
/// </summary>
public sealed class ProjectionLagCheck(IDocumentStore store, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromSeconds(configuration.GetValue("Health:MaxProjectionLagSeconds", 60.0));
        try
        {
            await using var connection = new NpgsqlConnection(store.Storage.Database.CreateConnection().ConnectionString);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await connection.OpenAsync(timeout.Token);
            var schema = store.Options.DatabaseSchemaName;
            await using var command = new NpgsqlCommand(
                $"""
                 with slowest as (select coalesce(min(last_seq_id), 0) as applied from {schema}.mt_event_progression where name = any($1))
                 select (select max(seq_id) from {schema}.mt_events) - applied,
                        extract(epoch from now() - (select timestamp from {schema}.mt_events where seq_id > applied order by seq_id limit 1))
                 from slowest
                 """, connection);
            // The shards this build runs: a projection removed since (the challenge board, ADR 33) leaves its row behind,
            // stopped where it was, and would read as a lag that grows for ever.
            command.Parameters.Add(new NpgsqlParameter { Value = ((DocumentStore)store).Options.Projections.AllShards().Select(shard => shard.Name.Identity).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            var behind = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            var age = reader.IsDBNull(1) ? TimeSpan.Zero : TimeSpan.FromSeconds((double)reader.GetDecimal(1));
            var data = new Dictionary<string, object> { ["eventsBehind"] = behind, ["secondsBehind"] = Math.Round(age.TotalSeconds, 1) };
            return age > limit
                ? HealthCheckResult.Degraded($"Async projections are {age.TotalSeconds:0} s ({behind} events) behind; the limit is {limit.TotalSeconds:0} s.", data: data)
                : HealthCheckResult.Healthy($"Async projections are {behind} events behind.", data);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The database check says why; this one only says it cannot tell.
            return HealthCheckResult.Degraded("Projection progress could not be read.");
        }
    }
}
