using Marten;

namespace Marketplace.Api.Infrastructure.Reliability;

/// <summary>
/// What a command decided on its own reads, waiting to commit: the streams it writes, how it writes them into a session
/// (appends that name the version they were decided on, or new streams), the messages it sends, and its answer.
/// </summary>
public sealed record Decided(IReadOnlyList<Guid> Streams, Action<IDocumentSession> Write, IReadOnlyList<object> Messages, object? Answer)
{
    /// <summary>The command changes nothing: there is nothing to commit.</summary>
    public bool IsEmpty => Streams.Count == 0;

    public static readonly Decided Nothing = new([], _ => { }, [], null);
}

/// <summary>How a command type decides outside a commit: validate, read through the session, decide.</summary>
public delegate Task<Decided> Decide(object command, IDocumentSession reads, DateTimeOffset now, CancellationToken cancellation);
