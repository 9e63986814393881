using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// The webhook fan-out on a node of deliveries (<c>Node__Role=Deliveries</c>, docs/adr/0040), which runs no daemon of
/// Marten's: it runs the fan-out, and nothing else of the daemon's, while it holds the advisory lock Marten's hot/cold
/// daemon would take the fan-out by on any other node, so the fan-out still runs on one node at a time whatever the
/// roles beside it. The lock lives on a connection of its own: when that connection fails, the fan-out stops here, and
/// this node or another takes it over at its next try, as the daemon's own locks do (docs/adr/0014).
/// </summary>
public sealed class WebhookFanOutNode(IDocumentStore store, ILogger<WebhookFanOutNode> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = ((DocumentStore)store).Options;
        var shard = options.Projections.AllShards().Select(s => s.Name).Single(name => name.Name == WebhookFanOut.Name);
        var lockId = ProjectionLockIds.Compute(options.Events.DatabaseSchemaName, shard, options.Projections.DaemonLockId);
        var poll = TimeSpan.FromMilliseconds(options.Projections.LeadershipPollingTime);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                if (await Scalar<bool>(connection, "select pg_try_advisory_lock($1)", lockId, stoppingToken))
                {
                    logger.LogInformation("This node runs the webhook fan-out ({Shard})", shard.Identity);
                    using var daemon = await store.BuildProjectionDaemonAsync();
                    await daemon.StartAgentAsync(shard.Identity, stoppingToken);
                    try
                    {
                        // Held while the connection answers: a failed one has lost the lock with it.
                        while (true)
                        {
                            await Task.Delay(poll, stoppingToken);
                            await Scalar<int>(connection, "select 1", null, stoppingToken);
                        }
                    }
                    finally
                    {
                        await daemon.StopAllAsync();
                        logger.LogInformation("This node stopped running the webhook fan-out");
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(e, "The webhook fan-out's lock could not be held; trying again");
            }
            try
            {
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, long? argument, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (argument is { } value) command.Parameters.AddWithValue(value);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
