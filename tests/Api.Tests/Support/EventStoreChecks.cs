using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Support;

/// <summary>What tests read straight from an API process's database, or change in it, behind the API's back.</summary>
public static class EventStoreChecks
{
    public static readonly string[] ProjectedDocuments =
        ["applicationview", "submissionview", "submissionsignature", "postingview", "challengeview", "candidateview", "companyview", "applicationtimeline", "leaderboardrow", "talentprofile"];

    /// <summary>How many events of these types each stream holds.</summary>
    public static async Task<Dictionary<Guid, long>> StreamsWith(NpgsqlConnection db, params string[] types)
    {
        await using var command = new NpgsqlCommand("select stream_id, count(*) from mt_events where type = any(@types) group by stream_id", db);
        command.Parameters.AddWithValue("types", types);
        var counts = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>How many events the slowest async projection has still to apply.</summary>
    public static Task<long> AsyncLag(NpgsqlConnection db) => Scalar(db,
        "select (select coalesce(max(seq_id), 0) from mt_events) - (select coalesce(min(last_seq_id), 0) from mt_event_progression where name like '%:All')");

    public static async Task<long> Scalar(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The text of a one-column query's rows, in order.</summary>
    public static async Task<List<string>> Lines(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return await Lines(command);
    }

    /// <summary>The plan PostgreSQL makes for a query with its parameters (as Marten's ToCommand gives it), line by line.</summary>
    public static async Task<List<string>> Plan(NpgsqlConnection db, NpgsqlCommand query)
    {
        await using var explain = new NpgsqlCommand("explain " + query.CommandText, db);
        foreach (NpgsqlParameter parameter in query.Parameters) explain.Parameters.Add(parameter.Clone());
        return await Lines(explain);
    }

    private static async Task<List<string>> Lines(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    /// <summary>One statement on a connection of its own, for a test's setup or its change behind the API's back.</summary>
    public static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<Dictionary<string, List<string>>> Snapshot(NpgsqlConnection db)
    {
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in ProjectedDocuments)
            snapshot[table] = await Lines(db, $"select id::text || ' ' || data::text from mt_doc_{table} order by id");
        return snapshot;
    }

    /// <summary>
    /// Every projection equals a full rebuild from the events: nothing was applied twice, nothing skipped. No API process
    /// may run on the database meanwhile.
    /// </summary>
    public static async Task ShouldEqualARebuild(NpgsqlConnection db, ApiProcess api)
    {
        (await AsyncLag(db)).ShouldBe(0);
        var live = await Snapshot(db);
        var (code, log) = await api.RunVerb("projections", "rebuild");
        code.ShouldBe(0, log);
        var rebuilt = await Snapshot(db);
        foreach (var table in ProjectedDocuments)
        {
            var differences = live[table].Except(rebuilt[table]).Zip(rebuilt[table].Except(live[table]), (was, now) => $"live:    {was}\nrebuilt: {now}").ToList();
            differences.ShouldBeEmpty($"{table} after a rebuild");
            rebuilt[table].Count.ShouldBe(live[table].Count, $"{table} after a rebuild");
        }
    }
}
