using JasperFx.Events;
using Marten;
using Marten.Services;
using System.Text.Json;
using Wolverine;

namespace Marketplace.Api.Infrastructure.Reliability;

/// <summary>
/// What a mutation sent under an idempotency key asks its command's handler to commit with the events: the record, and
/// which read model the mutation answers with. It travels in the command's envelope, so every run of the handler finds
/// it, including one Wolverine retries in a fresh session after a concurrency conflict or a stream collision.
/// </summary>
public sealed record IdempotencyClaim(IdempotencyRecord Record, Guid? KnownResult, string AnswerType, bool ReplacesExpired)
{
    public const string Header = "marketplace-idempotency-claim";

    public DeliveryOptions ToDeliveryOptions() => new() { Headers = { [Header] = JsonSerializer.Serialize(this) } };

    public static IdempotencyClaim? From(Envelope envelope) =>
        envelope.Headers.TryGetValue(Header, out var json) && json is not null ? JsonSerializer.Deserialize<IdempotencyClaim>(json) : null;
}

/// <summary>Wolverine middleware on every handler that commits a Marten session: a claimed key joins that session's commit.</summary>
public static class IdempotencyMiddleware
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        if (IdempotencyClaim.From(envelope) is { } claim) session.Listeners.Add(new CommitTheKey(claim));
    }
}

/// <summary>
/// Adds the record to the unit of work that carries the command's events, with the answer: the read model that same unit
/// of work writes (inline projections have run when this is called). A command that fails commits nothing, so its key
/// stays unspent; one that changes nothing stores no key either. In a group commit (docs/adr/0036) the unit of work
/// holds other commands' streams too, so the command names its own.
/// </summary>
internal sealed class CommitTheKey(IdempotencyClaim claim, Guid? ownStream = null) : DocumentSessionListenerBase
{
    private bool _staged;

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams();
        if (_staged || streams.Count == 0) return Task.CompletedTask;
        var record = claim.Record;
        // Creations whose id is decided by the handler (applications, submissions) name the stream they started.
        record.ResultId = claim.KnownResult ?? ownStream
            ?? streams.FirstOrDefault(s => s.ActionType == StreamActionType.Start)?.Id
            ?? streams[0].Id;
        var answer = session.PendingChanges.Inserts().Concat(session.PendingChanges.Updates())
            .FirstOrDefault(d => d.GetType().FullName == claim.AnswerType && d.GetType().GetProperty("Id")?.GetValue(d) is Guid id && id == record.ResultId);
        record.Answer = answer is null ? null : session.DocumentStore.Options.Serializer().ToJson(answer);
        if (claim.ReplacesExpired) session.Store(record);
        else session.Insert(record);
        _staged = true;
        return Task.CompletedTask;
    }
}
