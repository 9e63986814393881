using Npgsql;
using NpgsqlTypes;
using System.Globalization;

namespace Marketplace.Bench;

/// <summary>
/// Dataset preparation, not the product path: writes a synthetic history straight into Marten's tables with binary
/// COPY, in Marten's layout for application streams, then tells the async daemon that the projections which do not
/// read application events have nothing to do, so only the rebuild under test touches them.
/// </summary>
public sealed class HistoryLoader(NpgsqlDataSource database, CancellationToken cancellation)
{
    private const string Tenant = "*DEFAULT*";
    private const string DomainAssembly = "Marketplace.Domain";

    /// <summary>
    /// The async projections (src/Api/Composition/MarketplaceStore.cs) that ignore application events, and the daemon's
    /// high-water mark. ApplicationTimeline is missing on purpose: it is the one rebuilt. The webhooks subscription reads
    /// application events, but on a database that lived with it, it fanned them out as they came and stands at the head.
    /// Left behind, each of these walked the whole history at the API's first start, and that start paid for it
    /// (docs/performance.md).
    /// </summary>
    private static readonly string[] CaughtUp =
    [
        "LeaderboardRow:All", "TalentProfile:All", "Marketplace.Projections.Meaning.PostingMeaningProjection:All",
        "Marketplace.Projections.Meaning.SubmissionMeaningProjection:All", "Webhooks:All", "HighWaterMark",
    ];

    /// <summary>Loads the history; returns how many events were written.</summary>
    public async Task<long> Load(SyntheticHistory history)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        CopyStreams(connection, history);
        var events = CopyEvents(connection, history);
        await Execute(connection, "select setval('mt_events_sequence', $1)", events);
        await Execute(connection,
            "insert into mt_event_progression (name, last_seq_id, last_updated) select unnest($1::text[]), $2, now() " +
            "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated",
            CaughtUp, events);
        // What autovacuum would do soon after such a load, done now: the rebuild's queries get plans made for this size,
        // and the vacuum of millions of inserted rows does not come a minute later, in the middle of the main database's
        // command series on the same two cores (round 27 found mt_events being vacuumed there in full mode).
        await Execute(connection, "vacuum (analyze) mt_streams");
        await Execute(connection, "vacuum (analyze) mt_events");
        return events;
    }

    private static void CopyStreams(NpgsqlConnection connection, SyntheticHistory history)
    {
        using var writer = connection.BeginBinaryImport(
            "copy mt_streams (id, type, version, timestamp, created, tenant_id) from stdin (format binary)");
        // A million applications take minutes to write and to check: the load gets an hour, not the default 30 s.
        writer.Timeout = TimeSpan.FromHours(1);
        foreach (var application in history.Applications)
        {
            writer.StartRow();
            writer.Write(application.Id, NpgsqlDbType.Uuid);
            writer.Write("application", NpgsqlDbType.Varchar);
            writer.Write((long)application.EventCount, NpgsqlDbType.Bigint);
            writer.Write(Utc(application.LastEventAt), NpgsqlDbType.TimestampTz);
            writer.Write(Utc(application.Submitted), NpgsqlDbType.TimestampTz);
            writer.Write(Tenant, NpgsqlDbType.Varchar);
        }
        writer.Complete();
    }

    private static long CopyEvents(NpgsqlConnection connection, SyntheticHistory history)
    {
        var eventIds = new Random(SyntheticHistory.Seed + 1);
        using var writer = connection.BeginBinaryImport(
            "copy mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) " +
            "from stdin (format binary)");
        writer.Timeout = TimeSpan.FromHours(1);
        long sequence = 0;
        foreach (var (index, step) in history.Events)
        {
            var application = history.Applications[index];
            var posting = history.Postings[application.Posting];
            var (type, dotnetType, data) = Event(application, posting, step);
            writer.StartRow();
            writer.Write(++sequence, NpgsqlDbType.Bigint);
            writer.Write(SyntheticHistory.NextGuid(eventIds), NpgsqlDbType.Uuid);
            writer.Write(application.Id, NpgsqlDbType.Uuid);
            writer.Write(step == SyntheticHistory.EndingStep ? (long)application.StagesEntered + 1 : step + 1L, NpgsqlDbType.Bigint);
            writer.Write(data, NpgsqlDbType.Jsonb);
            writer.Write(type, NpgsqlDbType.Varchar);
            writer.Write(Utc(SyntheticHistory.StageTime(application, step)), NpgsqlDbType.TimestampTz);
            writer.Write(Tenant, NpgsqlDbType.Varchar);
            writer.Write($"Marketplace.Domain.Applications.{dotnetType}, {DomainAssembly}", NpgsqlDbType.Varchar);
            writer.Write(false, NpgsqlDbType.Boolean);
        }
        writer.Complete();
        return sequence;
    }

    /// <summary>The event's type name, .NET type and JSON, as Marten stores them (System.Text.Json, enums as strings).</summary>
    private static (string Type, string DotnetType, string Data) Event(in SyntheticApplication application, SyntheticPosting posting, byte step)
    {
        var at = Iso(SyntheticHistory.StageTime(application, step));
        var ids = $"\"CompanyId\": \"{posting.CompanyId}\", \"PostingId\": \"{posting.Id}\", \"ApplicationId\": \"{application.Id}\"";
        return step switch
        {
            0 => ("application_submitted", "ApplicationSubmitted",
                $"{{\"At\": \"{at}\", \"Skills\": {posting.SkillsJson}, \"Source\": \"Direct\", \"Evidence\": [], \"CoverNote\": null, " +
                $"\"BlindReview\": false, \"CandidateId\": \"{application.CandidateId}\", \"InvitationId\": null, {ids}}}"),
            1 => Advanced(at, "Applied", "Screening", ids),
            2 => Advanced(at, "Screening", "Interview", ids),
            3 => ("offer_extended", "OfferExtended",
                $"{{\"At\": \"{at}\", \"By\": \"bench\", \"From\": \"Interview\", \"Note\": null, \"Skipped\": [], {ids}}}"),
            _ => Ended(application, at, ids),
        };
    }

    private static (string, string, string) Advanced(string at, string from, string to, string ids) =>
        ("application_advanced", "ApplicationAdvanced",
            $"{{\"At\": \"{at}\", \"By\": \"bench\", \"To\": \"{to}\", \"From\": \"{from}\", \"Note\": null, \"Skipped\": [], {ids}}}");

    private static (string, string, string) Ended(in SyntheticApplication application, string at, string ids)
    {
        var stage = ((string[])["Applied", "Screening", "Interview", "Offer"])[application.StagesEntered - 1];
        return application.Ending switch
        {
            Ending.Accepted => ("offer_accepted", "OfferAccepted",
                $"{{\"At\": \"{at}\", \"CandidateId\": \"{application.CandidateId}\", {ids}}}"),
            Ending.Declined => ("offer_declined", "OfferDeclined", $"{{\"At\": \"{at}\", \"Note\": null, {ids}}}"),
            Ending.Rejected => ("application_rejected", "ApplicationRejected",
                $"{{\"At\": \"{at}\", \"By\": \"bench\", \"Note\": null, \"Stage\": \"{stage}\", " +
                $"\"Reason\": \"{SyntheticHistory.RejectionReasons[application.Reason]}\", {ids}}}"),
            _ => ("application_withdrawn", "ApplicationWithdrawn", $"{{\"At\": \"{at}\", \"Note\": null, \"Stage\": \"{stage}\", {ids}}}"),
        };
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private static string Iso(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    private async Task Execute(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
