using System.Collections.Concurrent;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Attempts at one endpoint in flight on this node: a slow endpoint holds at most this many of the queue's slots. At an
/// endpoint that answers quickly, a delivery that finds them taken waits for one here, for a second at most: a run of
/// one company's events fills them in a moment and frees them as fast. At a slow one it steps aside (a wait, not an
/// attempt) so that other endpoints' deliveries go ahead, and comes back at its turn: the deliveries stepping aside get
/// turns one after another at the pace the endpoint has been answering, none further off than five minutes, so that
/// a backlog built while the endpoint was down is not spread over hours once it answers again. Stepping aside is a
/// durable scheduled message, which the node releases by polling (every 5 s, 100 at a time, shared with every scheduled
/// message): a backlog that came back every second would crowd the poll out, and go no faster than the endpoint anyway.
/// </summary>
public sealed class EndpointGate(WebhookOptions options, TimeProvider time)
{
    /// <summary>The longest a delivery waits here for a turn, and the shortest it steps aside for.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);

    /// <summary>The furthest off a turn is given: a larger backlog comes back every five minutes to ask again.</summary>
    public static readonly TimeSpan LongestStepAside = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, Endpoint> _endpoints = new();

    private sealed class Endpoint(int slots, DateTimeOffset now)
    {
        public SemaphoreSlim Slots { get; } = new(slots);
        public Lock Pace { get; } = new();
        public TimeSpan LastAttempt { get; set; }
        public DateTimeOffset LastExit { get; set; } = now;
        public DateTimeOffset NextTurn { get; set; }
    }

    /// <summary>Null when the delivery may go now (then <see cref="Exit"/> after the attempt); otherwise how long to step aside.</summary>
    public async Task<TimeSpan?> Enter(Guid endpointId, CancellationToken cancellationToken)
    {
        var endpoint = For(endpointId);
        bool quick;
        // Its last attempt was quick and a slot came free lately: a turn is a moment away.
        lock (endpoint.Pace) quick = endpoint.LastAttempt < Wait && time.GetUtcNow() - endpoint.LastExit < Wait;
        if (await endpoint.Slots.WaitAsync(quick ? Wait : TimeSpan.Zero, cancellationToken)) return null;
        return Turn(endpoint);
    }

    /// <summary>How long to step aside for the next turn, without asking for a slot: the rest of a batch once one of its attempts failed or was slow.</summary>
    public TimeSpan Turn(Guid endpointId) => Turn(For(endpointId));

    private Endpoint For(Guid endpointId) =>
        _endpoints.GetOrAdd(endpointId, _ => new Endpoint(options.ConcurrencyPerEndpoint, time.GetUtcNow()));

    private TimeSpan Turn(Endpoint endpoint)
    {
        lock (endpoint.Pace)
        {
            var now = time.GetUtcNow();
            var turn = endpoint.NextTurn > now + Wait ? endpoint.NextTurn : now + Wait;
            if (turn > now + LongestStepAside) turn = now + LongestStepAside;
            endpoint.NextTurn = turn + (endpoint.LastAttempt > Wait ? endpoint.LastAttempt : Wait) / options.ConcurrencyPerEndpoint;
            return turn - now;
        }
    }

    public void Exit(Guid endpointId, TimeSpan attempt)
    {
        var endpoint = _endpoints[endpointId];
        lock (endpoint.Pace) (endpoint.LastAttempt, endpoint.LastExit) = (attempt, time.GetUtcNow());
        endpoint.Slots.Release();
    }
}
