using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL;
using Marketplace.Api.GraphQL;
using Marketplace.Domain.Common;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace Marketplace.Api.Reliability;

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

/// <summary>The key of the mutation running in this async flow, read by <see cref="IdempotencyListener"/> when it saves.</summary>
internal sealed class PendingIdempotency(IdempotencyRecord record, Guid? knownResult, bool replacesExpired)
{
    private static readonly AsyncLocal<PendingIdempotency?> CurrentSlot = new();

    public static PendingIdempotency? Current { get => CurrentSlot.Value; set => CurrentSlot.Value = value; }
    public IdempotencyRecord Record { get; } = record;
    public Guid? KnownResult { get; } = knownResult;
    public bool ReplacesExpired { get; } = replacesExpired;

    /// <summary>The unit of work the record was last added to; it counts as saved only once that one has committed.</summary>
    public IDocumentSession? StagedIn { get; set; }

    /// <summary>True once a unit of work carrying the record has committed.</summary>
    public bool Saved { get; set; }
}

/// <summary>
/// Adds the pending key to the first unit of work the mutation commits: its events and the key land together. A unit of
/// work that fails to commit does not count: a handler that lost a race (a stream collision, a concurrency conflict) is
/// run again by Wolverine in a fresh session, and that one's commit must carry the key, or a repeat of the request would
/// find no key and do the command a second time.
/// </summary>
public sealed class IdempotencyListener : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (PendingIdempotency.Current is not { Saved: false } pending || session.PendingChanges.Streams().Count == 0) return Task.CompletedTask;
        // Creations whose id is decided by the handler (applications, submissions) name the stream they started.
        pending.Record.ResultId = pending.KnownResult
            ?? session.PendingChanges.Streams().FirstOrDefault(s => s.ActionType == StreamActionType.Start)?.Id
            ?? session.PendingChanges.Streams()[0].Id;
        if (pending.ReplacesExpired) session.Store(pending.Record);
        else session.Insert(pending.Record);
        pending.StagedIn = session;
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (PendingIdempotency.Current is { Saved: false } pending && ReferenceEquals(pending.StagedIn, session)) pending.Saved = true;
        return Task.CompletedTask;
    }
}

public static class Idempotency
{
    /// <summary>
    /// Runs a mutation's command at most once per caller and idempotency key (within the window): a repeat with the
    /// same input answers with the first result's id and changes nothing; the same key with another input is a CONFLICT.
    /// <paramref name="knownResult"/> is the id the mutation answers with when it is known before the command runs.
    /// </summary>
    public static async Task<Guid> Idempotent(this IResolveFieldContext context, Guid? knownResult, Func<Task<Guid>> command)
    {
        if (context.Arguments?.TryGetValue("input", out var argument) != true ||
            argument.Value is not IIdempotentInput { IdempotencyKey: { } key } input)
            return await command();
        if (key.Length is 0 or > IdempotencyOptions.MaxKeyLength)
            throw new ValidationFailed("idempotencyKey", $"An idempotency key has 1 to {IdempotencyOptions.MaxKeyLength} characters.");

        var options = context.Service<IdempotencyOptions>();
        var now = context.Service<TimeProvider>().GetUtcNow();
        var id = RecordId(context.Actor().Subject, key);
        var hash = InputHash(context.FieldDefinition.Name, input);
        var existing = await Find(context, id);
        if (existing is { } found && found.CreatedAt > now - options.Window) return Replay(found, hash);

        var pending = new PendingIdempotency(
            new IdempotencyRecord { Id = id, Operation = context.FieldDefinition.Name, InputHash = hash, CreatedAt = now },
            knownResult, replacesExpired: existing is not null);
        PendingIdempotency.Current = pending;
        try
        {
            return await command();
        }
        catch (Exception)
        {
            // A twin request with the same key may have committed first: then this one answers like the twin did.
            if (await Find(context, id) is { } twin && twin.CreatedAt > now - options.Window) return Replay(twin, hash);
            throw;
        }
        finally
        {
            PendingIdempotency.Current = null;
        }
    }

    private static Guid Replay(IdempotencyRecord record, string hash) =>
        record.InputHash == hash ? record.ResultId : throw new IdempotencyKeyReused(record.Operation);

    private static Task<IdempotencyRecord?> Find(IResolveFieldContext context, string id) =>
        context.Service<IQuerySession>().LoadAsync<IdempotencyRecord>(id, context.CancellationToken);

    private static string RecordId(Guid? subject, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{subject?.ToString() ?? "anonymous"}\n{key}")));

    /// <summary>The operation and its input without the key, hashed.</summary>
    private static string InputHash(string operation, IIdempotentInput input)
    {
        var rest = JsonSerializer.SerializeToNode(input, input.GetType())!.AsObject();
        rest.Remove(nameof(IIdempotentInput.IdempotencyKey));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{rest.ToJsonString()}")));
    }
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

public static class Commands
{
    /// <summary>Sends a mutation's command under its idempotency key; answers the id of the object the mutation returns.</summary>
    public static Task<Guid> Send(this IResolveFieldContext context, Guid result, object command) =>
        context.Idempotent(result, async () =>
        {
            await context.Service<Wolverine.IMessageBus>().InvokeAsync(command, context.CancellationToken);
            return result;
        });
}
