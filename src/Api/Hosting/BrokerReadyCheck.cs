using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Api.Hosting;

/// <summary>Registered only when Broker__RabbitMq is set: ready means the broker accepts a connection.</summary>
public sealed class BrokerReadyCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(configuration["Broker:RabbitMq"]!),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "marketplace-health",
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await factory.CreateConnectionAsync(timeout.Token);
            return HealthCheckResult.Healthy($"RabbitMQ {factory.HostName}:{factory.Port} accepts connections.");
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Never the URI: it may carry a password.
            return HealthCheckResult.Unhealthy($"RabbitMQ {factory.HostName}:{factory.Port} is unreachable.");
        }
    }
}
