using System.Diagnostics;
using Marketplace.Api.Matching;
using Marketplace.Api.Meaning;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions.Feedback;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Postings;
using Marketplace.Projections.Submissions;
using Marketplace.Projections.Talent;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using Weasel.Core;

namespace Marketplace.Api.Tests.Matching;

/// <summary>
/// The measurement of docs/performance.md's round 18, not part of the suite: MATCHING_SCALE_CANDIDATES=100000 (postings a
/// tenth of that unless MATCHING_SCALE_POSTINGS says) fills a database of its own on the suite's server with synthetic
/// meaning documents (random unit vectors around 50 topics, so that neighbours exist), loads the index from it as a node
/// does at start, and times recommendations both ways: the pass over the index alone, and the whole read with the
/// documents and reasons (what the GraphQL fields run, less serialisation).
/// </summary>
public class matching_at_scale(ITestOutputHelper output)
{
    private static readonly int Candidates = int.TryParse(Environment.GetEnvironmentVariable("MATCHING_SCALE_CANDIDATES"), out var c) ? c : 0;
    private static readonly int Postings = int.TryParse(Environment.GetEnvironmentVariable("MATCHING_SCALE_POSTINGS"), out var p) ? p : Candidates / 10;
    private const int Topics = 50, Dimensions = 384, Asked = 500;

    [Fact]
    public async Task recommendations_answer_within_50_ms_at_the_95th_percentile()
    {
        Assert.SkipWhen(Candidates == 0, "A measurement: set MATCHING_SCALE_CANDIDATES=100000 to run it (docs/performance.md).");
        var connection = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = "marketplace_matching_scale", CommandTimeout = 600 }.ConnectionString;
        await Recreate(connection);
        using var store = DocumentStore.For(opts =>
        {
            opts.Connection(connection);
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
            opts.AutoCreateSchemaObjects = JasperFx.AutoCreate.All;
            opts.Schema.For<SubmissionMeaning>().Duplicate(x => x.CandidateId, notNull: true);
            opts.Schema.For<SubmissionView>().Duplicate(x => x.CandidateId, notNull: true);
            opts.Schema.For<PostingView>().Duplicate(x => x.Status, notNull: true).Duplicate(x => x.CompanyId, notNull: true);
            foreach (var type in new[] { typeof(CandidateMeaning), typeof(CandidateView), typeof(TalentProfile), typeof(PostingMeaning), typeof(ChallengeView) })
                opts.RegisterDocumentType(type);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var world = await Fill(store);

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var index = new MeaningIndex(store, NullLogger<MeaningIndex>.Instance);
        var loading = Stopwatch.StartNew();
        await index.CatchUp(CancellationToken.None);
        loading.Stop();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var (postingBytes, candidateBytes) = await index.Read(v => (v.Postings.Bytes, v.Candidates.Bytes), CancellationToken.None);
        output.WriteLine($"index: {Candidates:N0} candidates ({candidateBytes / 1e6:0.0} MB of arrays), {Postings:N0} postings ({postingBytes / 1e6:0.0} MB); " +
                         $"managed heap +{(heapAfter - heapBefore) / 1e6:0.0} MB; loaded in {loading.Elapsed.TotalSeconds:0.00} s");

        var random = new Random(7);
        var scan = new List<double>();
        for (var read = 0; read < Asked; read++)
        {
            var candidate = world.Candidates[random.Next(world.Candidates.Length)];
            var timer = Stopwatch.StartNew();
            await index.Read(v => v.Candidates.TryGet(candidate, out var vector, out _) ? v.Postings.Nearest(vector, 10, f => f.Status == PostingStatus.Open ? 1 : 0) : [], CancellationToken.None);
            var posting = world.Postings[random.Next(world.Postings.Length)];
            await index.Read(v => v.Postings.TryGet(posting, out var vector, out _)
                ? v.Candidates.Nearest(vector, 20, f => f is { Discoverable: true, HasWork: true } ? 0.6f + 0.4f * f.BestScore / 100f : 0) : [], CancellationToken.None);
            scan.Add(timer.Elapsed.TotalMilliseconds);
        }
        var positions = await Time(async () =>
        {
            await using var session = store.QuerySession();
            return (await new Recommendations(session, index).Positions(world.Candidates[random.Next(world.Candidates.Length)], 10, CancellationToken.None)).Count;
        });
        var candidates = await Time(async () =>
        {
            await using var session = store.QuerySession();
            var posting = await session.LoadAsync<PostingView>(world.Postings[random.Next(world.Postings.Length)]);
            return (await new Recommendations(session, index).Candidates(posting!, 10, CancellationToken.None)).Count;
        });
        output.WriteLine($"index passes (both directions, catch-up included): {Summary(scan)}");
        output.WriteLine($"recommendedPositions(first: 10), whole read: {Summary(positions.Times)}; {positions.Found.Average():0.0} found on average");
        output.WriteLine($"recommendedCandidates(first: 10), whole read: {Summary(candidates.Times)}; {candidates.Found.Average():0.0} found on average");
        Percentile(positions.Times, 0.95).ShouldBeLessThan(50);
        Percentile(candidates.Times, 0.95).ShouldBeLessThan(50);
        await Recreate(connection, create: false);
    }

    private static async Task<(List<double> Times, List<int> Found)> Time(Func<Task<int>> read)
    {
        for (var i = 0; i < 20; i++) await read();
        var (times, found) = (new List<double>(), new List<int>());
        for (var i = 0; i < Asked; i++)
        {
            var timer = Stopwatch.StartNew();
            found.Add(await read());
            times.Add(timer.Elapsed.TotalMilliseconds);
        }
        return (times, found);
    }

    private sealed record World(Guid[] Candidates, Guid[] Postings);

    /// <summary>Each candidate: a profile, one reviewed submission with four passages, a view, a talent profile; each posting: a view and six passages.</summary>
    private async Task<World> Fill(IDocumentStore store)
    {
        var filling = Stopwatch.StartNew();
        var random = new Random(28);
        var topics = Enumerable.Range(0, Topics).Select(_ => Unit(random)).ToArray();
        string Near(int topic) => Vectors.Pack(Around(topics[topic], random));
        var challenges = Enumerable.Range(0, 10).Select(i => new ChallengeView
        {
            Id = Guid.NewGuid(), Title = $"Synthetic challenge {i}", Skill = "microservices",
            Rubric = [new("design", "Designs the services", 0.5), new("resilience", "Handles failures", 0.3), new("testing", "Proves it", 0.2)],
        }).ToArray();
        await store.BulkInsertDocumentsAsync(challenges);
        var candidates = new Guid[Candidates];
        for (var start = 0; start < Candidates; start += 5_000)
        {
            var batch = Enumerable.Range(start, Math.Min(5_000, Candidates - start)).Select(i =>
            {
                var (id, submission, topic, score) = (Guid.NewGuid(), Guid.NewGuid(), random.Next(Topics), random.Next(40, 101));
                candidates[i] = id;
                var challenge = challenges[random.Next(challenges.Length)];
                var passages = Enumerable.Range(0, 4).Select(n => new PassageMeaning($"Synthetic passage {n} of candidate {i} on topic {topic}.", Near(topic), false)).ToList();
                return (Meaning: new CandidateMeaning { Id = id, Profile = Near(topic), Work = [new WorkMeaning(submission, Near(topic), score)] },
                    View: new CandidateView { Id = id, Handle = $"synthetic-{i}", DisplayName = $"Synthetic {i}", Email = $"s{i}@example.com", Discoverable = i % 2 == 0 },
                    Talent: new TalentProfile { Id = id, Best = new() { ["microservices"] = score } },
                    Work: new SubmissionMeaning { Id = submission, CandidateId = id, ChallengeId = challenge.Id, Skill = "microservices", Passages = passages, Whole = Near(topic), Score = score },
                    Review: new SubmissionView { Id = submission, CandidateId = id, ChallengeId = challenge.Id, Skill = "microservices",
                        Feedback = new FeedbackView("synthetic", 1, score, "", [new CriterionFeedback("design", score, ""), new CriterionFeedback("resilience", 70, "")]) });
            }).ToList();
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.Meaning));
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.View));
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.Talent));
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.Work));
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.Review));
        }
        var postings = new Guid[Postings];
        var companies = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        for (var start = 0; start < Postings; start += 5_000)
        {
            var batch = Enumerable.Range(start, Math.Min(5_000, Postings - start)).Select(i =>
            {
                var (id, topic, company) = (Guid.NewGuid(), random.Next(Topics), companies[random.Next(companies.Length)]);
                postings[i] = id;
                return (View: new PostingView { Id = id, CompanyId = company, Title = $"Synthetic posting {i}", Skills = ["microservices"],
                        Description = $"Synthetic posting {i} on topic {topic}.", Status = i % 10 == 0 ? PostingStatus.Closed : PostingStatus.Open },
                    Meaning: new PostingMeaning { Id = id, CompanyId = company, Whole = Near(topic),
                        Passages = [.. Enumerable.Range(0, 6).Select(n => new PassageMeaning($"Posting {i} asks for thing {n} of topic {topic}.", Near(topic), false))] });
            }).ToList();
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.View));
            await store.BulkInsertDocumentsAsync(batch.Select(b => b.Meaning));
        }
        await using (var session = store.LightweightSession())
        {
            // The two projections' progress, as the daemon would leave it: the index loads what they have built. This store
            // has no events, so the table is made here as Marten's event store would have it.
            session.QueueSqlCommand("create table if not exists mt_event_progression (name varchar primary key, last_seq_id bigint)");
            foreach (var shard in new[] { MeaningIndex.PostingShard, MeaningIndex.CandidateShard })
                session.QueueSqlCommand("insert into mt_event_progression (name, last_seq_id) values (?, 1)", shard);
            await session.SaveChangesAsync();
        }
        output.WriteLine($"filled {Candidates:N0} candidates and {Postings:N0} postings in {filling.Elapsed.TotalSeconds:0} s");
        return new World(candidates, postings);
    }

    private static float[] Unit(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++) vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        for (var i = 0; i < Dimensions; i++) vector[i] /= norm;
        return vector;
    }

    /// <summary>A unit vector about 0.6 similar to others around the same topic, and about 0 to the rest.</summary>
    private static float[] Around(float[] topic, Random random)
    {
        var noise = Unit(random);
        var vector = topic.Select((x, i) => x + 0.8f * noise[i]).ToArray();
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }

    private static async Task Recreate(string connection, bool create = true)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection);
        var database = builder.Database!;
        builder.Database = "postgres";
        await using var admin = new NpgsqlConnection(builder.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", admin)) await drop.ExecuteNonQueryAsync();
        if (create) await using (var make = new NpgsqlCommand($"create database {database}", admin)) await make.ExecuteNonQueryAsync();
    }

    private static double Percentile(List<double> values, double share)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
    }

    private static string Summary(List<double> values) =>
        $"p50 {Percentile(values, 0.5):0.0} ms, p95 {Percentile(values, 0.95):0.0} ms, max {values.Max():0.0} ms ({values.Count} reads)";
}
