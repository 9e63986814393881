using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Common;
using System.Threading.Channels;

namespace Marketplace.Api.Live;

/// <summary>A subscription that ended because what it was allowed to see changed, or a limit was reached.</summary>
public sealed class LiveRefused(string code, string message) : DomainException(code, message);

/// <summary>The last value of a feed that was refused: its field throws it, so the client gets the refusal's code.</summary>
public sealed record LiveEnded(DomainException Error);

/// <summary>
/// One subscription's source stream: it watches topics in the <see cref="LiveHub"/>, and for each notice reads what
/// changed and emits what the subscriber may see. The notices queue in the feed and are handled one at a time, so the
/// subscriber sees changes in the order they were noticed. When the account changes, the feed asks <c>allowed</c> again
/// and ends with FORBIDDEN when it no longer holds.
/// </summary>
public sealed class LiveFeed(LiveHub hub, Actor actor, Func<Actor, CancellationToken, Task<bool>> allowed) : IObservable<object?>, ILiveSubscriber
{
    private readonly Channel<LiveNotice?> inbox = Channel.CreateBounded<LiveNotice?>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly List<Guid> topics = [];
    private readonly CancellationTokenSource stopped = new();
    private IObserver<object?>? observer;

    /// <summary>Runs once the subscriber is attached, before any notice: the state so far (so nothing between the
    /// client's read and its subscription is missed).</summary>
    public Func<LiveFeed, CancellationToken, Task> Start { get; init; } = (_, _) => Task.CompletedTask;

    public required Func<LiveFeed, LiveNotice, CancellationToken, Task> React { get; init; }

    private Guid Account => LiveLimits.Identity(actor);

    public void Watch(Guid topic)
    {
        lock (topics)
        {
            if (topics.Contains(topic)) return;
            topics.Add(topic);
        }
        hub.Watch(this, topic);
    }

    public void Emit(object value)
    {
        if (!stopped.IsCancellationRequested) observer?.OnNext(value);
    }

    public void Complete()
    {
        if (stopped.IsCancellationRequested) return;
        observer?.OnCompleted();
        Stop();
    }


    public void Notify(LiveNotice notice) => inbox.Writer.TryWrite(notice);

    public void AccountChanged() => inbox.Writer.TryWrite(null);

    public IDisposable Subscribe(IObserver<object?> subscriber)
    {
        observer = subscriber;
        hub.Register(this, Account);
        _ = Task.Run(Pump);
        return new Unsubscriber(this);
    }

    private async Task Pump()
    {
        var cancellation = stopped.Token;
        try
        {
            await Start(this, cancellation);
            await foreach (var notice in inbox.Reader.ReadAllAsync(cancellation))
            {
                if (notice is null)
                {
                    if (await allowed(actor, cancellation)) continue;
                    Fail(new LiveRefused("FORBIDDEN", "What this subscription shows is no longer yours to see: your role or membership changed."));
                    return;
                }
                await React(this, notice, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        if (stopped.IsCancellationRequested) return;
        // A refusal reaches the client as the field's error, with its code (SubscriptionType resolves LiveEnded by throwing it).
        if (e is DomainException refused)
        {
            observer?.OnNext(new LiveEnded(refused));
            observer?.OnCompleted();
        }
        else observer?.OnError(e);
        Stop();
    }

    private void Stop()
    {
        if (stopped.IsCancellationRequested) return;
        stopped.Cancel();
        Guid[] watched;
        lock (topics) watched = [.. topics];
        hub.Remove(this, Account, watched);
    }

    private sealed class Unsubscriber(LiveFeed feed) : IDisposable
    {
        public void Dispose() => feed.Stop();
    }
}
