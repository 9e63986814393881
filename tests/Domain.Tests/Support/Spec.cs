using System.Reflection;
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

    public static AggregateSpec<Posting> Given(params object[] events) => new(events);

    public static AggregateSpec<T> Given<T>(params object[] events) where T : class => new(events);
}

public sealed class AggregateSpec<T>(object[] history) where T : class
{
    private Func<T?, object>? _when;

    /// <summary>Folds the history the way Marten does, through Create and Apply, counting the version.</summary>
    public T? State()
    {
        T? state = null;
        for (var i = 0; i < history.Length; i++)
        {
            var e = history[i];
            state = state is null
                ? (T)Method(BindingFlags.Static, "Create", e).Invoke(null, [e])!
                : (T)Method(BindingFlags.Instance, "Apply", e).Invoke(state, [e])!;
            typeof(T).GetProperty("Version")!.SetValue(state, i + 1);
        }
        return state;
    }

    private static MethodInfo Method(BindingFlags kind, string name, object e) =>
        typeof(T).GetMethods(BindingFlags.Public | kind).SingleOrDefault(m => m.Name == name && m.GetParameters().Single().ParameterType == e.GetType())
        ?? throw new ArgumentException($"{typeof(T).Name} has no {name}({e.GetType().Name}).");

    public AggregateSpec<T> When(Func<T?, object> decide)
    {
        _when = decide;
        return this;
    }

    /// <summary>Compared as JSON with their types, so events holding lists compare by content.</summary>
    public void Then(params object[] expected) =>
        Decided.Events(_when!(State())).Select(Decided.Describe).ShouldBe(expected.Select(Decided.Describe));

    public void ThenNothing() => Decided.Events(_when!(State())).ShouldBeEmpty();

    public TException ThenFails<TException>() where TException : Exception => Should.Throw<TException>(() => _when!(State()));
}

public static class Decided
{
    public static string Describe(object e) => $"{e.GetType().Name} {System.Text.Json.JsonSerializer.Serialize(e, e.GetType())}";

    /// <summary>The events a decision returned, leaving out messages it cascades.</summary>
    public static object[] Events(object decision) => decision switch
    {
        Events events => [.. events],
        ValueTuple<Events, OutgoingMessages> pair => [.. pair.Item1],
        _ => throw new ArgumentException($"Unexpected decision {decision.GetType().Name}"),
    };
}
