using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>Ready means the database answers and the schema (events, read models, message store) is applied.</summary>
public sealed class DatabaseReadyCheck(IDocumentStore store) : IHealthCheck
{
    private static readonly string[] RequiredTables =
        ["mt_events", "mt_streams", "mt_doc_postingview", "mt_doc_companyview", "mt_doc_skill", "wolverine_incoming_envelopes"];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var schema = store.Options.DatabaseSchemaName;
            await using var connection = new NpgsqlConnection(store.Storage.Database.CreateConnection().ConnectionString);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand(
                "select count(*) from information_schema.tables where table_schema = $1 and table_name = any($2)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            command.Parameters.Add(new NpgsqlParameter { Value = RequiredTables });
            var found = (long)(await command.ExecuteScalarAsync(timeout.Token))!;
            return found == RequiredTables.Length
                ? HealthCheckResult.Healthy("Database reachable, schema applied.")
                : HealthCheckResult.Unhealthy("Database reachable, but the schema is not applied: run the db-apply verb.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.");
        }
    }
}
