using System.Text.Json;
using Marketplace.Domain.Submissions;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Bench;

/// <summary>
/// Dataset preparation, not the product path: gives a challenge earlier submissions, each from a candidate of its own
/// and already reviewed, written straight into Marten's tables by binary COPY as the API would have left them: the
/// stream, its SubmissionReceived and FeedbackGenerated, and the inline SubmissionView and SubmissionSignature the copy
/// check reads (docs/adr/0020). The
/// events take fresh sequence numbers, so the async daemon projects them onto the challenge's board like any others.
/// </summary>
public sealed class EarlierSubmissions(NpgsqlDataSource database, CancellationToken cancellation)
{
    private const string Tenant = "*DEFAULT*";
    private const string Events = "Marketplace.Domain.Submissions";
    private static readonly string[] Criteria = ["boundaries", "resilience", "clarity"];

    /// <summary>Writes <paramref name="count"/> submissions on the challenge; returns their texts, oldest first.</summary>
    public async Task<string[]> Write(World world, Guid challengeId, int count)
    {
        var contents = Enumerable.Range(0, count).Select(_ => SubmissionRequests.Content()).ToArray();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        // A second apart, ending an hour ago: every one is earlier than what the bench submits next.
        var first = DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(-count);
        await using var connection = await database.OpenConnectionAsync(cancellation);
        var sequence = await ReserveSequence(connection, 2 * count);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        using (var streams = await connection.BeginBinaryImportAsync(
            "copy mt_streams (id, type, version, timestamp, created, tenant_id) from stdin (format binary)", cancellation))
        {
            for (var i = 0; i < count; i++)
            {
                await streams.StartRowAsync(cancellation);
                await streams.WriteAsync(ids[i], NpgsqlDbType.Uuid, cancellation);
                await streams.WriteAsync("submission", NpgsqlDbType.Varchar, cancellation);
                await streams.WriteAsync(2L, NpgsqlDbType.Bigint, cancellation);
                await streams.WriteAsync(first.AddSeconds(i).AddMilliseconds(500).UtcDateTime, NpgsqlDbType.TimestampTz, cancellation);
                await streams.WriteAsync(first.AddSeconds(i).UtcDateTime, NpgsqlDbType.TimestampTz, cancellation);
                await streams.WriteAsync(Tenant, NpgsqlDbType.Varchar, cancellation);
            }
            await streams.CompleteAsync(cancellation);
        }
        var candidates = ids.Select(_ => Guid.NewGuid()).ToArray();
        using (var events = await connection.BeginBinaryImportAsync(
            "copy mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) from stdin (format binary)",
            cancellation))
        {
            for (var i = 0; i < count; i++)
            {
                var at = first.AddSeconds(i);
                await Event(events, sequence++, ids[i], 1, "submission_received", "SubmissionReceived", at, new
                {
                    SubmissionId = ids[i], ChallengeId = challengeId, CandidateId = candidates[i], OwnerCompanyId = world.CompanyId,
                    Skill = World.Skill, Attempt = 1, Content = contents[i], RepositoryUrl = (string?)null, SubmittedAt = at,
                });
                var review = Review(i);
                await Event(events, sequence++, ids[i], 2, "feedback_generated", "FeedbackGenerated", at.AddMilliseconds(500), new
                {
                    SubmissionId = ids[i], ChallengeId = challengeId, CandidateId = candidates[i], review.Reviewer, review.RubricVersion,
                    review.OverallScore, review.Summary, review.Criteria,
                });
            }
            await events.CompleteAsync(cancellation);
        }
        using (var views = await connection.BeginBinaryImportAsync(
            "copy mt_doc_submissionview (id, data, mt_dotnet_type, mt_version, challenge_id, candidate_id, submitted_at) from stdin (format binary)",
            cancellation))
        {
            for (var i = 0; i < count; i++)
            {
                var at = first.AddSeconds(i);
                await views.StartRowAsync(cancellation);
                await views.WriteAsync(ids[i], NpgsqlDbType.Uuid, cancellation);
                await views.WriteAsync(JsonSerializer.Serialize(new
                {
                    Id = ids[i], Version = 2, ChallengeId = challengeId, CandidateId = candidates[i], OwnerCompanyId = world.CompanyId,
                    Skill = World.Skill, Attempt = 1, Status = "FeedbackReady", Content = contents[i], RepositoryUrl = (string?)null,
                    SubmittedAt = at, Feedback = Review(i), FailureReason = (string?)null, Flagged = false, Similarity = (double?)null,
                    SimilarTo = (Guid?)null, FlagConfirmed = (bool?)null, FlagNote = (string?)null,
                }), NpgsqlDbType.Jsonb, cancellation);
                await views.WriteAsync("Marketplace.Projections.Submissions.SubmissionView", NpgsqlDbType.Varchar, cancellation);
                await views.WriteAsync(2L, NpgsqlDbType.Bigint, cancellation);
                await views.WriteAsync(challengeId, NpgsqlDbType.Uuid, cancellation);
                await views.WriteAsync(candidates[i], NpgsqlDbType.Uuid, cancellation);
                await views.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz, cancellation);
            }
            await views.CompleteAsync(cancellation);
        }
        using (var signatures = await connection.BeginBinaryImportAsync(
            "copy mt_doc_submissionsignature (id, data, mt_dotnet_type, mt_version) from stdin (format binary)", cancellation))
        {
            for (var i = 0; i < count; i++)
            {
                await signatures.StartRowAsync(cancellation);
                await signatures.WriteAsync(ids[i], NpgsqlDbType.Uuid, cancellation);
                await signatures.WriteAsync(JsonSerializer.Serialize(new
                {
                    Id = ids[i], ChallengeId = challengeId, CandidateId = candidates[i], SubmittedAt = first.AddSeconds(i),
                    Bands = MinHash.BandKeys(challengeId, Similarity.Shingles(contents[i])),
                }), NpgsqlDbType.Jsonb, cancellation);
                await signatures.WriteAsync("Marketplace.Projections.Submissions.SubmissionSignature", NpgsqlDbType.Varchar, cancellation);
                await signatures.WriteAsync(2L, NpgsqlDbType.Bigint, cancellation);
            }
            await signatures.CompleteAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return contents;
    }

    /// <summary>The rubric reviewer's kind of review, one score for every criterion of the bench's challenges.</summary>
    private static FeedbackJson Review(int index)
    {
        var score = 40 + index % 60;
        return new FeedbackJson("rubric", 1, score, "Reviewed before the bench began.",
            [.. Criteria.Select(key => new CriterionJson(key, score, "Say more about the trade-offs."))]);
    }

    private sealed record CriterionJson(string Key, int Score, string Comment);

    private sealed record FeedbackJson(string Reviewer, int RubricVersion, int OverallScore, string Summary, CriterionJson[] Criteria);

    private async Task Event(NpgsqlBinaryImporter events, long sequence, Guid stream, long version, string type, string dotnetType,
        DateTimeOffset at, object data)
    {
        await events.StartRowAsync(cancellation);
        await events.WriteAsync(sequence, NpgsqlDbType.Bigint, cancellation);
        await events.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellation);
        await events.WriteAsync(stream, NpgsqlDbType.Uuid, cancellation);
        await events.WriteAsync(version, NpgsqlDbType.Bigint, cancellation);
        await events.WriteAsync(JsonSerializer.Serialize(data), NpgsqlDbType.Jsonb, cancellation);
        await events.WriteAsync(type, NpgsqlDbType.Varchar, cancellation);
        await events.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz, cancellation);
        await events.WriteAsync(Tenant, NpgsqlDbType.Varchar, cancellation);
        await events.WriteAsync($"{Events}.{dotnetType}, Marketplace.Domain", NpgsqlDbType.Varchar, cancellation);
        await events.WriteAsync(false, NpgsqlDbType.Boolean, cancellation);
    }

    /// <summary>Takes <paramref name="count"/> numbers from Marten's event sequence at once; returns the first.</summary>
    private async Task<long> ReserveSequence(NpgsqlConnection connection, int count)
    {
        await using var command = new NpgsqlCommand(
            "select setval('mt_events_sequence', nextval('mt_events_sequence') + $1 - 1) - $1 + 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)count });
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
