using System.Collections.Concurrent;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// Hands out stage moves by the companies' owners: each application at APPLIED to SCREENING, and each at SCREENING to
/// INTERVIEW, every one once. The applications are read from their views before each load (the inline projection
/// has them as soon as they are answered), so no two requests move the same application.
/// </summary>
public sealed class AdvanceRequests(NpgsqlDataSource database, IReadOnlyDictionary<Guid, string> owners)
{
    private static readonly Dictionary<string, string> NextStage = new() { ["Applied"] = "SCREENING", ["Screening"] = "INTERVIEW" };

    private readonly ConcurrentQueue<GraphQLRequest> ready = new();
    private readonly HashSet<(Guid, string)> handedOut = [];

    public int Remaining => ready.Count;

    /// <summary>Queues every move not handed out yet; how many are ready.</summary>
    public async Task<int> Refill(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            "select id, company_id, stage from mt_doc_applicationview where status = 'Active' and stage in ('Applied', 'Screening')");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var (application, company, stage) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));
            if (!owners.TryGetValue(company, out var owner) || !handedOut.Add((application, stage))) continue;
            ready.Enqueue(GraphQLRequest.Of(Documents.AdvanceApplication,
                new { input = new { applicationId = application, toStage = NextStage[stage] } }, owner));
        }
        return ready.Count;
    }

    public GraphQLRequest? Next() => ready.TryDequeue(out var request) ? request : null;
}
