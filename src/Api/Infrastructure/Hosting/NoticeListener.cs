using Marten;
using Npgsql;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Listens on a PostgreSQL notification channel for as long as the node runs, on a connection of its own, and
/// reconnects a second after losing it. <see cref="Listening"/> says when notices can and cannot arrive.
/// </summary>
public abstract class NoticeListener(IDocumentStore store, string channel, ILogger log) : BackgroundService
{
    protected abstract void Notice(string payload);

    protected virtual void Listening(bool on) { }

    protected abstract string WhileDeaf { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notice) => Notice(notice.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Listening(true);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Not listening on {Channel}: {WhileDeaf}", channel, WhileDeaf);
            }
            finally
            {
                Listening(false);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
