using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Registered only when Broker__RabbitMq is set: ready means the broker holds a connection open. One connection is
/// kept and probed for being open, instead of a new connection per probe (a connection and its log lines on the
/// broker every few seconds per node); a short heartbeat and the socket closing tell it when the broker goes away,
/// and the next probe connects again.
/// </summary>
public sealed class BrokerReadyCheck(IConfiguration configuration) : IHealthCheck, IAsyncDisposable
{
    private readonly ConnectionFactory _factory = new()
    {
        Uri = new Uri(configuration["Broker:RabbitMq"]!),
        RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        RequestedHeartbeat = TimeSpan.FromSeconds(5),
        AutomaticRecoveryEnabled = false,
        ClientProvidedName = "marketplace-health",
    };
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;
    private int _opened;

    /// <summary>How many connections the check has opened since it was made.</summary>
    public int ConnectionsOpened => _opened;

    // Never the URI in a description: it may carry a password.
    private string Broker => $"RabbitMQ {_factory.HostName}:{_factory.Port}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var healthy = HealthCheckResult.Healthy($"{Broker} accepts connections.");
        if (_connection is { IsOpen: true }) return healthy;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true }) return healthy;
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            _connection = await _factory.CreateConnectionAsync(timeout.Token);
            Interlocked.Increment(ref _opened);
            return healthy;
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"{Broker} is unreachable.");
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
