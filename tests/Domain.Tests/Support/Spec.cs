using Marketplace.Domain.Postings;
using Shouldly;
using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Tests.Support;

/// <summary>Given past events → when a command is decided → then these events (or this failure).</summary>
public static class Spec
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    public static PostingSpec Given(params object[] events) => new(events);
}

public sealed class PostingSpec(object[] history)
{
    private Func<Posting?, object>? _when;

    /// <summary>Folds the history the way Marten does, through Create and Apply, and counts the version.</summary>
    public Posting? State()
    {
        Posting? state = null;
        foreach (var e in history)
        {
            state = e switch
            {
                PostingDrafted drafted => Posting.Create(drafted),
                PostingRevised revised => state!.Apply(revised),
                PostingPublished published => state!.Apply(published),
                PostingClosed closed => state!.Apply(closed),
                PostingReopened reopened => state!.Apply(reopened),
                _ => throw new ArgumentException($"Unknown event {e.GetType().Name}"),
            };
            state.Version = history.TakeWhile(x => !ReferenceEquals(x, e)).Count() + 1;
        }
        return state;
    }

    public PostingSpec When(Func<Posting?, object> decide)
    {
        _when = decide;
        return this;
    }

    public void Then(params object[] expected) => Events(_when!(State())).ShouldBe(expected);

    public void ThenNothing() => Events(_when!(State())).ShouldBeEmpty();

    public TException ThenFails<TException>() where TException : Exception =>
        Should.Throw<TException>(() => _when!(State()));

    /// <summary>The events a decision returned, leaving out messages it cascades.</summary>
    public static object[] Events(object decision) => decision switch
    {
        Events events => [.. events],
        ValueTuple<Events, OutgoingMessages> pair => [.. pair.Item1],
        _ => throw new ArgumentException($"Unexpected decision {decision.GetType().Name}"),
    };
}
