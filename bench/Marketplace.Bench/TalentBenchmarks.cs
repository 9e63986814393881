using System.Diagnostics;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// --talent: the talent pool at 100 candidates with a best score and at 100,000 (issue 29, lever 6). The database first
/// holds 100 such candidates (<see cref="TalentProfiles"/>), each with a best score in the bench's skill and in a rare
/// one; the pool is read 200 times, after 50 reads untimed. Then 99,900 more join, with the bench's skill only, and the
/// same reads are made again, with the rare skill's pool of 100 read beside them: what a small pool costs in a big
/// database. Both fills are vacuumed and analysed before the reads, as autovacuum would have done. Reads are made by the
/// company's owner, so the answer cache (anonymous only) does not answer them. Each figure at 100,000 is held to at most
/// twice its value at 100.
/// </summary>
public sealed class TalentBenchmarks(BenchContext context)
{
    private const string Name = "talent pool at scale";
    private const int Small = 100;
    private const int Big = 100_000;
    private const int WarmUp = 50;
    private const int Reads = 200;
    private const int High = 90;
    private const string Rare = "bench-rare";

    private const string PoolQuery =
        "query($skill: String!, $minScore: Int) { talentPool(skill: $skill, minScore: $minScore, first: 20) { totalCount " +
        "pageInfo { hasNextPage endCursor } edges { node { candidateId handle bestScore } } } }";

    private readonly CancellationToken cancellation = context.Cancellation;

    public async Task Run()
    {
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        await using var server = await context.Launcher.Serve(context.Databases.Main, context.Http, cancellation);
        var client = new GraphQLClient(context.Http, server.GraphQL);
        var world = await World.Create(client, context, 0, "bench-talent");
        var profiles = new TalentProfiles(database, cancellation);

        var few = await Fill(database, () => profiles.Write(0, Small, [World.Skill, Rare]), Small);
        var small = await Read(client, world.OwnerToken, World.Skill, few);
        var many = few.Concat(await Fill(database, () => profiles.Write(Small, Big - Small, [World.Skill]), Big - Small)).ToList();
        var big = await Read(client, world.OwnerToken, World.Skill, many);
        var rare = await Read(client, world.OwnerToken, Rare, few);

        foreach (var (figure, times) in new[] { ("first 20 with totalCount", 0), ($"minScore {High}, first 20 with totalCount", 1) })
        {
            Compare($"talentPool, {figure}: p50, at {Big:N0} candidates against {Small:N0}", big[times], small[times], 50);
            Compare($"talentPool, {figure}: p95, at {Big:N0} candidates against {Small:N0}", big[times], small[times], 95);
            Compare($"talentPool, {figure}: p50, a pool of {Small:N0} among {Big:N0} candidates against {Small:N0} alone", rare[times], small[times], 50);
        }
    }

    /// <summary>Writes candidates by COPY (the time is the tables', with whatever they keep as rows arrive), then vacuums.</summary>
    private async Task<IReadOnlyList<TalentEntry>> Fill(NpgsqlDataSource database, Func<Task<IReadOnlyList<TalentEntry>>> write, int count)
    {
        Log.Detail($"setup: {count:N0} candidates with a best score, by COPY");
        var started = Stopwatch.GetTimestamp();
        var written = await write();
        var took = Stopwatch.GetElapsedTime(started);
        context.Report.AddText($"COPY of {count:N0} candidates' views and talent profiles", $"{took.TotalSeconds:N2} s", Name);
        await using var vacuum = database.CreateCommand("vacuum (analyze)");
        vacuum.CommandTimeout = 600;
        await vacuum.ExecuteNonQueryAsync(cancellation);
        return written;
    }

    /// <summary>
    /// The pool's first page, without and with a minimum score, <see cref="Reads"/> times each in turn after
    /// <see cref="WarmUp"/> untimed (the first phase follows the server's start); checked once against what was written,
    /// since a wrong answer can be fast. Returns the times of the two reads.
    /// </summary>
    private async Task<List<long>[]> Read(GraphQLClient client, string token, string skill, IReadOnlyList<TalentEntry> written)
    {
        var times = new[] { new List<long>(), new List<long>() };
        var minScores = new[] { 0, High };
        for (var i = 0; i < minScores.Length; i++) await Check(client, token, skill, minScores[i], written);
        for (var read = 0; read < WarmUp + Reads; read++)
            for (var i = 0; i < minScores.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var (_, problem) = await client.TryData(GraphQLRequest.Of(PoolQuery, new { skill, minScore = minScores[i] }, token), cancellation);
                if (read >= WarmUp) times[i].Add(Stopwatch.GetTimestamp() - started);
                if (problem is not null) context.Report.Fail(Name, problem);
            }
        return times;
    }

    private async Task Check(GraphQLClient client, string token, string skill, int minScore, IReadOnlyList<TalentEntry> written)
    {
        var pool = (await client.Data(GraphQLRequest.Of(PoolQuery, new { skill, minScore }, token), cancellation)).GetProperty("talentPool");
        var expected = written.Where(e => e.Discoverable && e.Score >= minScore)
            .OrderByDescending(e => e.Score).ThenBy(e => e.Id.ToString(), StringComparer.Ordinal).ToList();
        var total = pool.GetProperty("totalCount").GetInt32();
        var first = pool.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("candidateId").GetGuid()).FirstOrDefault();
        if (total != expected.Count || first != expected[0].Id)
            context.Report.Fail(Name, $"the pool of {skill} from {minScore} answered {total} candidates, first {first}; expected {expected.Count}, first {expected[0].Id}");
    }

    private void Compare(string figure, List<long> times, List<long> baseline, double percentile) =>
        context.Report.Add(figure, new Measure(new Latencies(times).PercentileMs(percentile), "ms"), Name,
            baseline: new Measure(new Latencies(baseline).PercentileMs(percentile), "ms", $"at {Small:N0}"),
            target: Target.AtMostTimesBaseline(2));
}
