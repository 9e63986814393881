using System.Text.Json;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Meaning;
using Npgsql;

namespace Marketplace.Api.Meaning;

/// <summary>
/// The SQL the index loads with: narrow columns read in one streaming pass, never the passages (a submission's
/// passages are most of its document; the candidates' own documents carry only their wholes). Posting rows take their
/// company and status from the posting's view (<c>mt_doc_postingview</c>, inline, so as current as its events);
/// candidate rows whether they are discoverable from theirs.
/// </summary>
internal static class MeaningRows
{
    public static async Task<Dictionary<string, long>> Progress(NpgsqlConnection connection, CancellationToken cancellation, params string[] shards)
    {
        await using var command = new NpgsqlCommand("select name, last_seq_id from mt_event_progression where name = any($1)", connection)
            { Parameters = { new() { Value = shards } } };
        var progress = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) progress[reader.GetString(0)] = reader.GetInt64(1);
        return progress;
    }

    public static async Task<int> Count(NpgsqlConnection connection, string table, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select count(*)::int from {table}", connection);
        return (int)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>The streams that had events after <paramref name="after"/> up to <paramref name="upTo"/> (the primary key on seq_id).</summary>
    public static Task<List<Guid>> ChangedStreams(NpgsqlConnection connection, long after, long upTo, CancellationToken cancellation) =>
        Ids(connection, "select distinct stream_id from mt_events where seq_id > $1 and seq_id <= $2", cancellation, after, upTo);

    /// <summary>The candidates whose submissions these are, by the submissions' primary key.</summary>
    public static Task<List<Guid>> CandidatesOf(NpgsqlConnection connection, Guid[] submissions, CancellationToken cancellation) =>
        Ids(connection, "select distinct candidate_id from mt_doc_submissionmeaning where id = any($1)", cancellation, submissions);

    public static async IAsyncEnumerable<(Guid Id, float[] Vector, PostingFacts Facts)> Postings(NpgsqlConnection connection, Guid[]? ids,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "select m.id, m.data ->> 'Whole', p.company_id, p.status from mt_doc_postingmeaning m join mt_doc_postingview p on p.id = m.id" +
            (ids is null ? "" : " where m.id = any($1)"), connection);
        if (ids is not null) command.Parameters.Add(new() { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var whole = reader.IsDBNull(1) ? "" : reader.GetString(1);
            if (whole.Length == 0) continue;
            yield return (reader.GetGuid(0), Vectors.Unpack(whole), new PostingFacts(reader.GetGuid(2), Enum.Parse<PostingStatus>(reader.GetString(3))));
        }
    }

    /// <summary>Each candidate's vector and facts; a candidate with nothing to match comes back without a vector.</summary>
    public static async IAsyncEnumerable<(Guid Id, float[]? Vector, CandidateFacts Facts)> Candidates(NpgsqlConnection connection, Guid[]? ids,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "select c.id, c.data ->> 'Profile', c.data -> 'Work', coalesce((v.data ->> 'Discoverable')::boolean, false) " +
            "from mt_doc_candidatemeaning c left join mt_doc_candidateview v on v.id = c.id" + (ids is null ? "" : " where c.id = any($1)"), connection);
        if (ids is not null) command.Parameters.Add(new() { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var work = reader.IsDBNull(2) ? [] : JsonSerializer.Deserialize<List<WorkMeaning>>(reader.GetString(2)) ?? [];
            var vector = CandidateVector.Of(reader.IsDBNull(1) ? "" : reader.GetString(1), work, out var best);
            yield return (reader.GetGuid(0), vector, new CandidateFacts(reader.GetBoolean(3), best));
        }
    }

    private static async Task<List<Guid>> Ids(NpgsqlConnection connection, string sql, CancellationToken cancellation, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new() { Value = value });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
