using System.Diagnostics;
using Marketplace.Api.Submissions.Feedback;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Submissions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>
/// What the copy check by meaning costs a feedback job with 100 and with 10,000 earlier submissions on the challenge,
/// measured here on the test's PostgreSQL (docs/copy-check.md quotes the figures): the earlier work is written straight
/// into <see cref="SubmissionMeaning"/>, three passages each, drawn from the labelled set's encoded answers.
/// </summary>
public class copy_check_by_meaning_cost(AppFixture app, CopySet set, ITestOutputHelper output) : IClassFixture<CopySet>
{
    private const int Checks = 5;

    [Fact]
    public async Task a_check_reads_the_new_work_of_its_challenge_once_and_costs_about_the_same_with_10_000_earlier_submissions()
    {
        var meaning = app.Host.Services.GetRequiredService<CopiesByMeaning>();
        var content = CopySet.Text("CopySet/ratelimit/omar-paraphrase.md");
        meaning.Encode("The model is loaded before anything is timed.");
        var encodings = Enumerable.Range(0, Checks).Select(_ => Timed(() => meaning.Encode(content))).Order().ToList();
        var work = meaning.Encode(content);
        var figures = new List<string>();
        foreach (var earlier in new[] { 100, 10_000 })
        {
            var (signature, written) = await EarlierWork(earlier);
            await using var session = app.Store.QuerySession();
            Task<EarlierMeaning?> Check() => meaning.Find(session, signature.Id, work, set.Briefs["ratelimit"], signature, CancellationToken.None);
            var first = await Timed(Check);
            var stale = await Median(Check);
            await Analyse();
            var analysed = await Median(Check);
            figures.Add($"{earlier:N0} earlier (written in {written:0} ms): first check {first:0} ms, then median {stale:0} ms, " +
                        $"{analysed:0} ms once the table is analysed");
            analysed.ShouldBeLessThan(100, $"a check among {earlier:N0} earlier submissions");
        }
        output.WriteLine($"FIGURES copy check by meaning (test, one node): encoding the {work.Passages.Count} passages of a 324-word " +
                         $"submission, median {encodings[Checks / 2]:0} ms; finding and reading the earlier work nearest it: {string.Join("; ", figures)}");
    }

    [Fact]
    public async Task the_new_work_of_a_challenge_is_found_by_index_on_its_columns_without_reading_a_document()
    {
        var (later, _) = await EarlierWork(2_000);
        await Analyse();
        await using var session = app.Store.QuerySession();
        var command = ChallengeWholes.NewWork(session, later.ChallengeId, 1_990).ToCommand();
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        var plan = await EventStoreChecks.Plan(connection, command);
        var described = command.CommandText + "\n" + string.Join('\n', plan);
        described.ShouldNotContain("Seq Scan", customMessage: described);
        string.Join('\n', plan.Where(line => line.Contains("Cond:") || line.Contains("Filter:"))).ShouldNotContain("data", customMessage: described);
    }

    /// <summary>Statistics of the table as autovacuum would leave them after a burst of writes.</summary>
    private static async Task Analyse()
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var analyse = new NpgsqlCommand("analyze mt_doc_submissionmeaning", connection);
        await analyse.ExecuteNonQueryAsync();
    }

    /// <summary>A challenge with this many earlier submissions by as many candidates, and a later one's signature.</summary>
    private async Task<(SubmissionSignature Later, double WrittenMs)> EarlierWork(int count)
    {
        var pool = set.Pairs.SelectMany(p => new[] { p.Original, p.Suspect }).Distinct().SelectMany(set.PassagesOf).ToArray();
        var random = new Random(count);
        var challenge = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var work = Enumerable.Range(0, count).Select(i =>
        {
            var passages = Enumerable.Range(0, 3).Select(_ => pool[random.Next(pool.Length)]).ToArray();
            return new SubmissionMeaning
            {
                Id = Guid.NewGuid(), Sequence = i + 1, ChallengeId = challenge, CandidateId = Guid.NewGuid(), Skill = "microservices",
                SubmittedAt = start.AddSeconds(i), Whole = Vectors.Pack(Vectors.Mean([.. passages.Select(p => p.Vector)])),
                Passages = [.. passages.Select(p => new PassageMeaning(p.Text, Vectors.Pack(p.Vector), false))],
            };
        }).ToList();
        var written = await Timed(() => app.Store.BulkInsertAsync(work, Weasel.Core.BulkInsertMode.InsertsOnly, batchSize: 1_000));
        return (new SubmissionSignature { Id = Guid.NewGuid(), ChallengeId = challenge, CandidateId = Guid.NewGuid(), SubmittedAt = DateTimeOffset.UtcNow }, written);
    }

    private static async Task<double> Median(Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < Checks; i++) times.Add(await Timed(action));
        return times.Order().ElementAt(Checks / 2);
    }

    private static double Timed(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> Timed(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
