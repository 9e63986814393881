namespace Marketplace.Api.Accounts;

/// <summary>
/// The provider's key ring, read (or, on a new database, made) beside the rest of the start rather than by the first
/// request that authenticates: before any hosted service starts where the accounts schema is already applied, and
/// after <see cref="AccountsSchema"/> has migrated it in Development (it is registered earlier, so it starts first).
/// </summary>
public sealed class KeyRingWarmUp(IServiceProvider services, IHostEnvironment environment, ILogger<KeyRingWarmUp> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellation)
    {
        if (!environment.IsDevelopment()) ReadInTheBackground();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellation)
    {
        if (environment.IsDevelopment()) ReadInTheBackground();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A request that needs the ring meanwhile waits for this one resolution (a singleton is made once), and one that
    /// fails is made again by the next request that needs it.
    /// </summary>
    private void ReadInTheBackground() => _ = Task.Run(() =>
    {
        try
        {
            services.GetRequiredService<KeyRing>();
        }
        catch (Exception e)
        {
            log.LogWarning(e, "The provider's key ring could not be read at start-up; the first request that needs it tries again.");
        }
    });

    public Task StartedAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellation) => Task.CompletedTask;
}
