using Marten;

namespace Marketplace.Api.Infrastructure.Reliability;

/// <summary>
/// A mutation done under an idempotency key: stored in the same transaction as the mutation's events, so a repeat
/// finds it exactly when the first attempt's changes exist. Its id is a hash of the caller and the key.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Id { get; set; } = "";
    public string Operation { get; set; } = "";
    public string InputHash { get; set; } = "";
    public Guid ResultId { get; set; }

    /// <summary>
    /// The object the first request answered with, as the read model its own commit wrote (JSON); null when the answer is
    /// not a read model the commit wrote. A repeat answers this, not the object as it is now.
    /// </summary>
    public string? Answer { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A mutation input that carries the client's idempotency key.</summary>
public interface IIdempotentInput
{
    string? IdempotencyKey { get; }
}

public sealed class IdempotencyOptions
{
    /// <summary>How long a key is remembered; a repeat after that runs again.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
    public const int MaxKeyLength = 200;
}

/// <summary>Keys expire after the window; their records go too.</summary>
public sealed class IdempotencyCleanup(IDocumentStore store, IdempotencyOptions options, TimeProvider time, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var session = store.LightweightSession();
                var expired = time.GetUtcNow() - options.Window;
                session.DeleteWhere<IdempotencyRecord>(r => r.CreatedAt < expired);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expired idempotency keys could not be removed; trying again in an hour");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
