using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Marten;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Marketplace.Api.Infrastructure.Reliability;

/// <summary>
/// Group commit (docs/adr/0036, amending 0003). A command is decided in its request, on its own reads, as Wolverine's
/// handler would decide it; what it decided waits in a queue, and a committer writes everything waiting (at most
/// <see cref="GroupCommitOptions.MaxGroup"/> commands) in one session: one transaction with the events, the inline views
/// and the outbox's messages of them all. A command is answered only after its group committed.
/// <para>
/// The appends name the version they were decided on, so a write that raced a decision fails the commit. A group that
/// fails commits nothing, and each of its commands then runs alone through Wolverine's handler, which reads again,
/// decides again and retries its own collisions: one command's failure never fails another's. Two commands on one
/// stream never share a group; the second runs alone. A command sent under an idempotency key commits its key's record
/// in its group, naming the command's own stream.
/// </para>
/// </summary>
public sealed class GroupCommit(IDocumentStore store, IWolverineRuntime runtime, GroupCommitOptions options, TimeProvider clock,
    ILogger<GroupCommit> log) : IHostedService
{
    /// <summary>
    /// A command's spans, in its request's trace: "decide X" over its reads, "commit X" while it waits and commits; the
    /// messages it sends continue from the latter. A group's span ("group commit", with its SQL and the outbox's sends
    /// after it) hangs from its first command's "commit" span, which is tagged as leading, and links to every command's.
    /// </summary>
    public static readonly ActivitySource Spans = new("Marketplace.GroupCommit");

    /// <summary>The group sizes, and the commands that ran alone (on the Telemetry meters; dotnet-counters shows them too).</summary>
    public static readonly Meter Meter = new("Marketplace.GroupCommit");

    private static readonly Histogram<int> Sizes =
        Meter.CreateHistogram<int>("marketplace.group_commit.size", "{command}", "Commands committed in one transaction");

    private static readonly Counter<long> RanAlone = Meter.CreateCounter<long>("marketplace.group_commit.alone", "{command}",
        "Commands that ran alone: their group failed, or shared a stream");

    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>();
    private Task[] _committers = [];

    /// <summary>Commands decided and waiting for a committer.</summary>
    public int Queued => _waiting.Reader.Count;

    /// <summary>How <paramref name="command"/> decides outside a commit, or null when it commits alone.</summary>
    public Decide? DeciderFor(object command) => options.Enabled ? options.Deciders.GetValueOrDefault(command.GetType()) : null;

    /// <summary>
    /// Decides <paramref name="command"/> now and answers once it committed: in a group, or alone through
    /// <paramref name="alone"/> when its group could not.
    /// </summary>
    public async Task<object?> Send(object command, Decide decide, IdempotencyClaim? claim, Func<Task<object?>> alone,
        CancellationToken cancellation)
    {
        Decided decided;
        using (Span("decide", command))
        await using (var reads = store.LightweightSession())
            decided = await decide(command, reads, clock.GetUtcNow(), cancellation);
        if (decided.IsEmpty) return decided.Answer;

        using var committing = Span("commit", command);
        var waiting = new Waiting(decided, claim, alone, committing);
        if (!_waiting.Writer.TryWrite(waiting)) return await alone();
        return await waiting.Done.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _committers = [.. Enumerable.Range(0, options.Committers).Select(_ => Task.Run(Commit, CancellationToken.None))];
        return Task.CompletedTask;
    }

    /// <summary>Stops taking commands; what waits still commits.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _waiting.Writer.TryComplete();
        await Task.WhenAll(_committers).WaitAsync(cancellationToken);
    }

    private async Task Commit()
    {
        var reader = _waiting.Reader;
        var group = new List<Waiting>(options.MaxGroup);
        var streams = new HashSet<Guid>();
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            streams.Clear();
            while (group.Count < options.MaxGroup && reader.TryRead(out var next))
            {
                if (next.Decided.Streams.Any(streams.Contains)) RunAlone(next);
                else
                {
                    streams.UnionWith(next.Decided.Streams);
                    group.Add(next);
                }
            }
            if (group.Count > 0) await Together(group);
        }
    }

    private async Task Together(List<Waiting> group)
    {
        using var span = Spans.StartActivity("group commit", ActivityKind.Internal, group[0].Committing?.Context ?? default,
            links: group.Where(w => w.Committing is not null).Select(w => new ActivityLink(w.Committing!.Context)));
        span?.SetTag("marketplace.group_commit.size", group.Count);
        foreach (var waiting in group)
            waiting.Committing?.SetTag("marketplace.group_commit.size", group.Count).SetTag("marketplace.group_commit.leads", waiting == group[0]);
        try
        {
            await using var session = store.LightweightSession();
            var outbox = new MartenOutbox(runtime, session);
            foreach (var waiting in group)
            {
                waiting.Decided.Write(session);
                if (waiting.Claim is { } claim) session.Listeners.Add(new CommitTheKey(claim, waiting.Decided.Streams[0]));
                // Each command's messages continue its own trace.
                Activity.Current = waiting.Committing ?? span;
                foreach (var message in waiting.Decided.Messages) await outbox.PublishAsync(message);
                Activity.Current = span;
            }
            await session.SaveChangesAsync();
            Sizes.Record(group.Count);
        }
        catch (Exception failure)
        {
            // Nothing committed: each command runs alone and meets only its own failure, if it has one.
            log.LogDebug(failure, "A group of {Count} commands did not commit; each runs alone", group.Count);
            foreach (var waiting in group) RunAlone(waiting);
            return;
        }
        foreach (var waiting in group) waiting.Done.TrySetResult(waiting.Decided.Answer);
    }

    /// <summary>A span named for the command, built only when something listens.</summary>
    private static Activity? Span(string step, object command) =>
        Spans.HasListeners() ? Spans.StartActivity($"{step} {command.GetType().Name}") : null;

    private static void RunAlone(Waiting waiting) => _ = Task.Run(async () =>
    {
        RanAlone.Add(1);
        Activity.Current = waiting.Committing;
        try
        {
            waiting.Done.TrySetResult(await waiting.Alone());
        }
        catch (Exception failure)
        {
            waiting.Done.TrySetException(failure);
        }
    });

    private sealed record Waiting(Decided Decided, IdempotencyClaim? Claim, Func<Task<object?>> Alone, Activity? Committing)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
