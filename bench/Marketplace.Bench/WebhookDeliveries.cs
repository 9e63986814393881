using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// What the healthy receivers saw of the round with endpoints, part by part (the bursts, the open loop): for every
/// delivery the API made to a healthy endpoint, from its event's commit (Marten's timestamp on the event, taken before
/// the commit, so an upper bound; the bench and PostgreSQL share a clock) to its first arrival, split at the fan-out
/// (the delivery's creation); how many arrived per second during the part and after it; and how long after the part's
/// end the last one arrived. A delivery that has not arrived when measured counts with its wait so far. Then the down
/// endpoint's deliveries as the API recorded them.
/// </summary>
public sealed class WebhookDeliveries(BenchContext context, NpgsqlDataSource database, WebhookReceivers receivers, SilentReceiver down,
    WebhookBenchmarks.Endpoints endpoints)
{
    private const string Name = "webhooks: deliveries";
    private const double DeliveryTarget = 2;

    /// <summary>How long a backlog may take to drain before the round goes on without it.</summary>
    private readonly TimeSpan drainLimit = TimeSpan.FromSeconds(context.Options.Mode == "quick" ? 180 : 600);

    private readonly List<Part> parts = [];
    private readonly Report report = context.Report;
    private readonly CancellationToken cancellation = context.Cancellation;
    private DateTime began;
    private QueueDepths? queues;
    private HarnessCpu? harness;
    private string harnessShare = "not measured";
    private string[] downFigures = [];
    private string writes = "not measured";

    private sealed class Part(string name, DateTime from)
    {
        public string Name => name;
        public DateTime From => from;
        public DateTime Until { get; set; }
        public TimeSpan? Drain { get; set; }
        public DateTime Waited { get; set; }
        public long Expected { get; set; }
        public int ArrivedByThen { get; set; }
        public Latencies? FromCommit { get; set; }
        public Latencies? ToFanOut { get; set; }
        public Latencies? FromFanOut { get; set; }
        public Latencies? BesideTheDownOne { get; set; }
        public Latencies? Others { get; set; }
        public int Missing { get; set; }
    }

    /// <summary>A part of the load begins now; the first also starts the queue's samples.</summary>
    public void Begin(string part)
    {
        if (queues is null)
        {
            began = DateTime.UtcNow;
            queues = QueueDepths.OfDeliveries(database, cancellation);
            harness = HarnessCpu.Start();
        }
        parts.Add(new Part(part, DateTime.UtcNow));
    }

    /// <summary>
    /// The part's load has ended: waits until the fan-out has read every event committed by now and every delivery it
    /// made to a healthy endpoint has arrived, or the limit.
    /// </summary>
    public async Task Drained()
    {
        var part = parts[^1];
        part.Until = DateTime.UtcNow;
        var (arrived, expected) = await Arrived();
        if (arrived) part.Drain = receivers.Arrivals.Max() - part.Until;
        (part.Waited, part.Expected, part.ArrivedByThen) = (DateTime.UtcNow, expected ?? -1, receivers.Count);
        Log.Detail(part.Drain is { } drain
            ? $"the deliveries of the {part.Name} had all arrived {drain.TotalSeconds:N1} s after its end"
            : $"the deliveries of the {part.Name} had not all arrived {drainLimit.TotalSeconds:0} s after its end: {receivers.Count:N0} of {expected?.ToString("N0") ?? "(the fan-out was behind)"}");
    }

    /// <summary>
    /// Before the round's first part: the deliveries of a warm-up's events have all arrived, so that what they ran for
    /// the first time (the receivers in the bench, the API's delivery path) was compiled before the measured windows.
    /// </summary>
    public async Task WarmedUp()
    {
        var waiting = Stopwatch.StartNew();
        var (arrived, expected) = await Arrived();
        Log.Detail(arrived
            ? $"the warm-up's {expected:N0} deliveries had all arrived after {waiting.Elapsed.TotalSeconds:N1} s"
            : $"the warm-up's deliveries had not all arrived after {waiting.Elapsed.TotalSeconds:N0} s: {receivers.Count:N0} of {expected?.ToString("N0") ?? "(the fan-out was behind)"}");
    }

    /// <summary>
    /// Waits until the fan-out has read every event committed by now and every delivery it made to a healthy endpoint
    /// has arrived, or the limit; says whether they did and how many there were.
    /// </summary>
    private async Task<(bool Arrived, long? Expected)> Arrived()
    {
        var last = await Scalar("select coalesce(max(seq_id), 0) from mt_events");
        long? expected = null;
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < drainLimit)
        {
            if (expected is null && await Scalar("select coalesce(max(last_seq_id), 0) from mt_event_progression where name like 'Webhooks%'") >= last)
                expected = await Scalar("select count(*) from mt_doc_webhookdelivery where endpoint_id = any($1)", [.. endpoints.Healthy]);
            if (expected is { } all && receivers.Count >= all) return (true, expected);
            await Task.Delay(200, cancellation);
        }
        return (false, expected);
    }

    /// <summary>After the round: the latencies of every part, and the down endpoint's deliveries.</summary>
    public async Task Collect()
    {
        harnessShare = harness?.Share() ?? harnessShare;
        if (queues is not null) await queues.DisposeAsync();
        var now = DateTime.UtcNow;
        var byPart = parts.ToDictionary(p => p, _ => new List<(DateTime Commit, DateTime FanOut, DateTime? Arrived, bool Beside)>());
        var beside = endpoints.BesideTheDownOne.ToHashSet();
        await using (var command = database.CreateCommand(
            "select d.id, d.endpoint_id, d.created_at, e.timestamp from mt_doc_webhookdelivery d " +
            "join mt_events e on e.seq_id = (d.data ->> 'Sequence')::bigint where d.endpoint_id = any($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = endpoints.Healthy.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var commit = reader.GetDateTime(3);
                if (parts.FirstOrDefault(p => commit >= p.From && commit < p.Until) is not { } part) continue;
                var arrival = receivers.FirstArrival($"msg_{reader.GetGuid(0):N}");
                byPart[part].Add((commit, reader.GetDateTime(2), arrival?.At, beside.Contains(reader.GetGuid(1))));
            }
        }
        foreach (var (part, deliveries) in byPart)
        {
            long Ticks(TimeSpan span) => Math.Max(0, Window.Ticks(span));
            long Waited((DateTime Commit, DateTime FanOut, DateTime? Arrived, bool Beside) d) => Ticks((d.Arrived ?? now) - d.Commit);
            part.FromCommit = new Latencies(deliveries.Select(Waited));
            part.ToFanOut = new Latencies(deliveries.Select(d => Ticks(d.FanOut - d.Commit)));
            part.FromFanOut = new Latencies(deliveries.Where(d => d.Arrived is not null).Select(d => Ticks(d.Arrived!.Value - d.FanOut)));
            part.BesideTheDownOne = new Latencies(deliveries.Where(d => d.Beside).Select(Waited));
            part.Others = new Latencies(deliveries.Where(d => !d.Beside).Select(Waited));
            part.Missing = deliveries.Count(d => d.Arrived is null);
        }
        downFigures = await Down();
    }

    /// <summary>The down endpoint's deliveries by status with their attempts, what the attempts met, and what is queued for it.</summary>
    private async Task<string[]> Down()
    {
        var statuses = await Rows(
            "select data ->> 'Status', count(*), coalesce(sum(jsonb_array_length(data -> 'Attempts')), 0), " +
            "count(*) filter (where jsonb_array_length(data -> 'Attempts') = 0) from mt_doc_webhookdelivery where endpoint_id = $1 group by 1 order by 1",
            r => $"{r.GetString(0)} {r.GetInt64(1):N0}: {r.GetInt64(2):N0} attempts, {r.GetInt64(3):N0} not attempted yet", endpoints.Down);
        var errors = await Rows(
            "select coalesce(a ->> 'Error', 'HTTP ' || (a ->> 'StatusCode')), count(*) from mt_doc_webhookdelivery d " +
            "cross join jsonb_array_elements(d.data -> 'Attempts') a where d.endpoint_id = $1 group by 1 order by 2 desc",
            r => $"{r.GetString(0)} × {r.GetInt64(1):N0}", endpoints.Down);
        var healthyFailed = await Scalar(
            "select count(*) from mt_doc_webhookdelivery d cross join jsonb_array_elements(d.data -> 'Attempts') a " +
            "where d.endpoint_id = any($1) and not (a ->> 'Succeeded')::boolean", [.. endpoints.Healthy]);
        var queued = await Rows(
            "select status, count(*) from wolverine_incoming_envelopes where message_type like '%DeliverWebhook' group by 1 order by 1",
            r => $"{r.GetString(0)} {r.GetInt64(1):N0}", null);
        return
        [
            statuses.Count == 0 ? "none" : string.Join("; ", statuses),
            $"{string.Join(", ", errors)}; the receiver accepted {down.Accepted:N0} connections",
            $"{(queued.Count == 0 ? "none" : string.Join(", ", queued))}; failed attempts at the healthy endpoints: {healthyFailed:N0}",
        ];
    }

    /// <summary>
    /// What the deliveries cost PostgreSQL in writes, from its counters of the delivery table since the bench made the
    /// database: rows inserted (one a delivery) and updated (once an attempt each, in place when HOT), and the index
    /// entries they made. Exact whatever the host's load, where CPU per command is not. Read after the round that
    /// follows, since a backend's counters reach the statistics within seconds of its last transaction.
    /// </summary>
    public async Task CountWrites()
    {
        var rows = await Rows(
            "select s.n_tup_ins, s.n_tup_upd, s.n_tup_hot_upd, (select count(*) from pg_index i where i.indrelid = s.relid), " +
            "pg_total_relation_size(s.relid) from pg_stat_user_tables s where s.relname = 'mt_doc_webhookdelivery'",
            r => Writes(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)), null);
        writes = rows.SingleOrDefault() ?? "no delivery table";
    }

    private static string Writes(long inserted, long updated, long hot, long indexes, long bytes)
    {
        if (inserted == 0) return "no deliveries";
        var entries = (inserted + updated - hot) * indexes;
        return $"{inserted:N0} inserted, {updated:N0} updated ({(updated == 0 ? 0 : (double)hot / updated):P0} HOT); {indexes} indexes; " +
               $"{(double)entries / inserted:N1} index entries and {(double)bytes / inserted:N0} bytes on disk per delivery";
    }

    /// <summary>
    /// After the endpoints are deleted: waits until no delivery is due, and for the sender's timeout, so that the down
    /// endpoint's attempts in flight have ended. The deliveries still scheduled fail at their turn, a moment's work each.
    /// </summary>
    public async Task Quiet()
    {
        var waiting = Stopwatch.StartNew();
        long due;
        do
        {
            due = await Scalar("select count(*) from wolverine_incoming_envelopes where message_type like '%DeliverWebhook' and status = 'Incoming'");
            if (due > 0) await Task.Delay(500, cancellation);
        } while (due > 0 && waiting.Elapsed < TimeSpan.FromSeconds(60));
        if (waiting.Elapsed < Timeout) await Task.Delay(Timeout - waiting.Elapsed, cancellation);
        var scheduled = await Scalar("select count(*) from wolverine_incoming_envelopes where message_type like '%DeliverWebhook' and status = 'Scheduled'");
        Log.Detail($"{due:N0} deliveries due and {scheduled:N0} scheduled {waiting.Elapsed.TotalSeconds:N0} s after the endpoints were deleted");
    }

    /// <summary>The API's default attempt timeout, which the bench keeps.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public void Report()
    {
        var open = parts.Single(p => p.Name == "open loop");
        report.Add($"webhooks: deliveries to the {WebhookBenchmarks.Healthy} healthy endpoints, the open loop's events: commit to arrival p95",
            new Measure(open.FromCommit!.PercentileMs(95) / 1000, "s"), Name, target: Target.AtMost(DeliveryTarget, "s"));
        foreach (var part in parts)
        {
            var during = Arrived(part.From, part.Until);
            var after = Arrived(part.Until, part.Waited);
            report.AddText($"webhooks: events of the {part.Name}, commit to arrival: p50 / p95 / p99 / max; deliveries; not arrived",
                $"{Spread(part.FromCommit!)}; {part.FromCommit!.Count:N0}; {part.Missing:N0}", Name);
            report.AddText($"webhooks: events of the {part.Name}, commit to fan-out p50 / p95; fan-out to arrival p50 / p95",
                $"{Seconds(part.ToFanOut!, 50)} / {Seconds(part.ToFanOut!, 95)}; {Seconds(part.FromFanOut!, 50)} / {Seconds(part.FromFanOut!, 95)}", Name);
            report.AddText($"webhooks: events of the {part.Name}, p95 at the {endpoints.BesideTheDownOne.Count} endpoints beside the down one / " +
                           $"at the other {endpoints.Healthy.Count - endpoints.BesideTheDownOne.Count}",
                $"{Seconds(part.BesideTheDownOne!, 95)} / {Seconds(part.Others!, 95)}", Name);
            report.AddText($"webhooks: deliveries per second at the healthy receivers during the {part.Name} / after it; the backlog drained after",
                $"{during / (part.Until - part.From).TotalSeconds:N0} / {after / Math.Max(0.001, (part.Waited - part.Until).TotalSeconds):N0} a second; " +
                (part.Drain is { } drain ? $"{drain.TotalSeconds:N1} s" : $"not within {drainLimit.TotalSeconds:0} s ({part.ArrivedByThen:N0} of {part.Expected:N0})"),
                Name);
        }
        var end = (parts[^1].Waited - began).TotalSeconds;
        report.AddText("webhooks: deliveries arriving per second, in each 5 s of the round with endpoints (parts from … to … s)",
            $"{PerSecond()}; {string.Join(", ", parts.Select(p => $"{p.Name} {(p.From - began).TotalSeconds:N0}–{(p.Until - began).TotalSeconds:N0} s"))}", Name);
        report.AddText("webhooks: deliveries queued in Wolverine's inbox, due / scheduled (retries, steps aside)", queues!.Timeline((parts[^1].Until - began).TotalSeconds), Name);
        report.AddText("webhooks: the same webhook-id arriving more than once", $"{receivers.Repeated:N0}", Name);
        report.AddText("webhooks: the down endpoint's deliveries after the round, by status", downFigures[0], Name);
        report.AddText("webhooks: the down endpoint's attempts, by what they met", downFigures[1], Name);
        report.AddText("webhooks: delivery envelopes in Wolverine's inbox after the round, by status (handled ones are kept a while to deduplicate); " +
                       "failed attempts at the healthy endpoints", downFigures[2], Name);
        report.AddText("webhooks: the delivery table's writes, from PostgreSQL's counters (rows, HOT updates, indexes, index entries and size per delivery)",
            writes, Name);
        report.AddText($"webhooks: bench harness CPU during the round with endpoints, its receivers included when they run in it ({end:N0} s)", harnessShare, Name);
    }

    private int Arrived(DateTime from, DateTime until) => receivers.Arrivals.Count(at => at >= from && at < until);

    /// <summary>"0 s 310, 5 s 420, …": the arrivals per second in each 5 s since the round began.</summary>
    private string PerSecond() =>
        string.Join(", ", receivers.Arrivals.Where(at => at >= began).GroupBy(at => (int)((at - began).TotalSeconds / 5)).OrderBy(g => g.Key)
            .Select(g => $"{g.Key * 5} s {g.Count() / 5.0:N0}"));

    private static string Spread(Latencies l) => $"{Seconds(l, 50)} / {Seconds(l, 95)} / {Seconds(l, 99)} / {Seconds(l, 100)}";

    private static string Seconds(Latencies l, double percentile) => $"{l.PercentileMs(percentile) / 1000:N2} s";

    private async Task<long> Scalar(string sql, Guid[]? ids = null)
    {
        await using var command = database.CreateCommand(sql);
        if (ids is not null) command.Parameters.Add(new NpgsqlParameter { Value = ids });
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private async Task<List<string>> Rows(string sql, Func<NpgsqlDataReader, string> row, Guid? id)
    {
        await using var command = database.CreateCommand(sql);
        if (id is { } value) command.Parameters.Add(new NpgsqlParameter { Value = value });
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) rows.Add(row(reader));
        return rows;
    }
}
