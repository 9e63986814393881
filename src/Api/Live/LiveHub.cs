using Marketplace.Api.Infrastructure.GraphQL.Answers;
using Marten;
using Marten.Services;
using Npgsql;
using System.Threading.Channels;

namespace Marketplace.Api.Live;

/// <summary>One open subscription on this node, told of the notices about what it watches.</summary>
public interface ILiveSubscriber
{
    /// <summary>Never blocks: the subscriber queues the notice and reads what changed in its own time.</summary>
    void Notify(LiveNotice notice);

    /// <summary>The account behind the subscription changed (a role, a membership, a lock-out): check it again.</summary>
    void AccountChanged();
}

/// <summary>
/// This node's open subscriptions by what they watch (a submission, an application, a candidate, a company: all ids are
/// distinct), and the notices that reach them. Notices come from every node through PostgreSQL (<see cref="LiveListener"/>).
/// </summary>
public sealed class LiveHub
{
    public LiveHub(Accounts.AccountFactsCache accounts) => accounts.Forgotten += AccountChanged;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, List<ILiveSubscriber>> byTopic = [];
    private readonly Dictionary<Guid, List<ILiveSubscriber>> byAccount = [];
    private long delivered;

    public int Open { get { lock (gate) return byAccount.Values.Sum(list => list.Count); } }

    /// <summary>Notices this node has handed to subscribers since it started (a subscriber counts once per notice).</summary>
    public long Delivered => Interlocked.Read(ref delivered);

    public void Watch(ILiveSubscriber subscriber, Guid topic)
    {
        lock (gate) Add(byTopic, topic, subscriber);
    }

    public void Register(ILiveSubscriber subscriber, Guid account)
    {
        lock (gate) Add(byAccount, account, subscriber);
    }

    public void Remove(ILiveSubscriber subscriber, Guid account, IEnumerable<Guid> topics)
    {
        lock (gate)
        {
            Take(byAccount, account, subscriber);
            foreach (var topic in topics) Take(byTopic, topic, subscriber);
        }
    }

    public int OpenFor(Guid account)
    {
        lock (gate) return byAccount.TryGetValue(account, out var list) ? list.Count : 0;
    }

    public void Publish(LiveNotice notice)
    {
        ILiveSubscriber[] targets;
        lock (gate)
        {
            var found = new HashSet<ILiveSubscriber>();
            foreach (var topic in new[] { notice.Id, notice.Company, notice.Candidate })
                if (topic is { } key && byTopic.TryGetValue(key, out var list)) found.UnionWith(list);
            targets = [.. found];
        }
        foreach (var target in targets) target.Notify(notice);
        Interlocked.Add(ref delivered, targets.Length);
    }

    public void AccountChanged(Guid account)
    {
        ILiveSubscriber[] targets;
        lock (gate) targets = byAccount.TryGetValue(account, out var list) ? [.. list] : [];
        foreach (var target in targets) target.AccountChanged();
    }

    private static void Add(Dictionary<Guid, List<ILiveSubscriber>> map, Guid key, ILiveSubscriber subscriber)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(subscriber)) list.Add(subscriber);
    }

    private static void Take(Dictionary<Guid, List<ILiveSubscriber>> map, Guid key, ILiveSubscriber subscriber)
    {
        if (!map.TryGetValue(key, out var list)) return;
        list.Remove(subscriber);
        if (list.Count == 0) map.Remove(key);
    }
}

/// <summary>
/// After a commit, the notices of its events leave for every node: queued here and sent in batches on a connection of
/// their own, outside the command's transaction, so no command waits on PostgreSQL's notification lock (docs/adr/0027).
/// </summary>
public sealed class LiveNotifier
{
    public const string Channel = "marketplace_live";

    private readonly Channel<string> queue = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Send(LiveNotice notice) => Send(notice.Format());

    /// <summary>Any other notice every node should hear on the same channel (the answer cache's, docs/adr/0032).</summary>
    public void Send(string payload) => queue.Writer.TryWrite(payload);

    public ChannelReader<string> Pending => queue.Reader;
}

/// <summary>Queues the notices of each commit's events (<see cref="LiveNotice.Of"/>) once the commit succeeded.</summary>
public sealed class LiveNotices(LiveNotifier notifier) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var notice in commit.GetEvents().Select(e => LiveNotice.Of(e.Data)).OfType<LiveNotice>()
                     .DistinctBy(n => (n.Stream, n.Id)))
            notifier.Send(notice);
        return Task.CompletedTask;
    }
}

public sealed class LiveNoticesRegistration(LiveNotifier notifier) : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new LiveNotices(notifier));
}

/// <summary>Sends the queued notices, a batch per statement.</summary>
public sealed class LiveSender(IDocumentStore store, LiveNotifier notifier, ILogger<LiveSender> log) : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(Batch);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                await using var notify = new NpgsqlCommand($"select pg_notify('{LiveNotifier.Channel}', p) from unnest(@p) p", connection);
                var payloads = new NpgsqlParameter<string[]>("p", Array.Empty<string>());
                notify.Parameters.Add(payloads);
                while (!stoppingToken.IsCancellationRequested)
                {
                    batch.Clear();
                    while (batch.Count < Batch && notifier.Pending.TryRead(out var payload)) batch.Add(payload);
                    if (batch.Count > 0)
                    {
                        payloads.TypedValue = [.. batch];
                        await notify.ExecuteNonQueryAsync(stoppingToken);
                    }
                    if (!await notifier.Pending.WaitToReadAsync(stoppingToken)) return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Live notices of {Count} commits were not sent; their subscribers see them when they next read", batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>Hands every node's notices to this node's subscribers.</summary>
public sealed class LiveListener(IDocumentStore store, LiveHub hub, AnswerCache answers, ILogger<LiveListener> log)
    : Infrastructure.Hosting.NoticeListener(store, LiveNotifier.Channel, log)
{
    protected override void Notice(string payload)
    {
        if (AnswerNotice.Apply(payload, answers)) return;
        if (LiveNotice.Parse(payload) is { } notice) hub.Publish(notice);
    }

    // Changes told while deaf are missed: the answer cache serves nothing until this node hears again.
    protected override void Listening(bool on) => answers.Hearing(on);

    protected override string WhileDeaf => "subscribers on this node wait until listening again; the answer cache is off";
}
