using System.Text.Json;
using Marketplace.Domain.Candidates;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Bench;

/// <summary>A candidate the bench gave a best score: what the talent pool should answer about them.</summary>
public sealed record TalentEntry(Guid Id, int Score, bool Discoverable);

/// <summary>
/// Dataset preparation, not the product path: candidates with a best challenge score in some skills, written by binary
/// COPY straight into the read models the talent pool reads, as the API and its daemon would have left them: each
/// candidate's view (registered, discoverable or not) and talent profile (one reviewed submission per skill, its best).
/// No events: the daemon has nothing to project, and the sentence encoder nothing to encode, while the reads are timed.
/// </summary>
public sealed class TalentProfiles(NpgsqlDataSource database, CancellationToken cancellation)
{
    /// <summary>Candidates <paramref name="first"/> to first + count, each with a best score in every one of the skills.</summary>
    public async Task<IReadOnlyList<TalentEntry>> Write(int first, int count, string[] skills)
    {
        var entries = Enumerable.Range(first, count).Select(Entry).ToList();
        await using var connection = await database.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        using (var views = await connection.BeginBinaryImportAsync(
            "copy mt_doc_candidateview (id, data, mt_dotnet_type, mt_version) from stdin (format binary)", cancellation))
        {
            foreach (var entry in entries)
                await Row(views, entry.Id, "Marketplace.Projections.Candidates.CandidateView", new
                {
                    entry.Id, Version = 1, Handle = Handles.For(entry.Id), DisplayName = "Bench Candidate", Email = $"{entry.Id:N}@example.com",
                    Headline = (string?)null, Skills = skills, entry.Discoverable, RegisteredAt = DateTimeOffset.UtcNow.AddDays(-30),
                });
            await views.CompleteAsync(cancellation);
        }
        using (var profiles = await connection.BeginBinaryImportAsync(
            "copy mt_doc_talentprofile (id, data, mt_dotnet_type, mt_version) from stdin (format binary)", cancellation))
        {
            foreach (var entry in entries)
                await Row(profiles, entry.Id, "Marketplace.Projections.Talent.TalentProfile", new
                {
                    entry.Id,
                    Submissions = skills.ToDictionary(_ => Guid.NewGuid(), skill => new { Skill = skill, Score = entry.Score, Withdrawn = false }),
                    Best = skills.ToDictionary(skill => skill, _ => entry.Score),
                    entry.Discoverable,
                });
            await profiles.CompleteAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return entries;
    }

    /// <summary>Scores from 40 to 100, so many candidates tie; two in three discoverable.</summary>
    private static TalentEntry Entry(int index) => new(Guid.NewGuid(), 40 + index % 61, index % 3 != 0);

    private async Task Row(NpgsqlBinaryImporter table, Guid id, string type, object document)
    {
        await table.StartRowAsync(cancellation);
        await table.WriteAsync(id, NpgsqlDbType.Uuid, cancellation);
        await table.WriteAsync(JsonSerializer.Serialize(document), NpgsqlDbType.Jsonb, cancellation);
        await table.WriteAsync(type, NpgsqlDbType.Varchar, cancellation);
        await table.WriteAsync(1L, NpgsqlDbType.Bigint, cancellation);
    }
}
