using System.Diagnostics;
using System.Text.Json;
using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions.Feedback;
using Marketplace.Projections.Meaning;

namespace Marketplace.Api.Tests.Matching;

/// <summary>
/// The measurement of docs/performance.md's round 18 for the model, not part of the suite (MEASURE_ENCODING=1): what
/// loading all-MiniLM-L6-v2 adds to the process, and what the daemon spends encoding one submission and one posting
/// the way the meaning projections do (one batch each, one ONNX thread), and a search query.
/// </summary>
public class encoding_costs(ITestOutputHelper output)
{
    [Fact]
    public void the_model_s_memory_and_the_time_to_encode_a_submission_a_posting_and_a_query()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("MEASURE_ENCODING") == "1", "A measurement: set MEASURE_ENCODING=1 to run it (docs/performance.md).");
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = Process.GetCurrentProcess().WorkingSet64;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var encoder = new TextEncoder();
        var loading = Stopwatch.StartNew();
        encoder.Encode("warm up");
        loading.Stop();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine($"model: loaded and first sentence in {loading.Elapsed.TotalMilliseconds:0} ms; working set +{(after - before) / 1e6:0} MB, " +
                         $"managed heap +{(GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1e6:0} MB");

        foreach (var golden in new[] { "outbox-literal.md", "outbox-paraphrase.md" })
        {
            var passages = Passages.Of(MatchingScenarios.Golden(golden)).Select(p => p.Meaning).ToList();
            output.WriteLine($"submission {golden} ({passages.Count} passages, {passages.Sum(p => p.Length):N0} characters): {Median(() => encoder.Encode(passages)):0.0} ms");
        }
        var demo = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "demo.json"))).RootElement;
        foreach (var posting in demo.GetProperty("postings").EnumerateArray().Take(3))
        {
            var details = new PostingDetails(posting.GetProperty("title").GetString()!, posting.GetProperty("role").GetString()!, Seniority.Senior,
                [.. posting.GetProperty("skills").EnumerateArray().Select(s => s.GetString()!)], null, RemotePolicy.Remote, null,
                posting.GetProperty("description").GetString()!, 1, false);
            var passages = Passages.Of(details.Description).Select(p => p.Meaning).ToList();
            List<string> texts = [PostingMeaningProjection.Summary(details) + " " + details.Description[..Math.Min(details.Description.Length, 1000)], .. passages];
            output.WriteLine($"posting {details.Title} (whole and {passages.Count} passages): {Median(() => encoder.Encode(texts)):0.0} ms; " +
                             $"one text at a time {Median(() => { foreach (var text in texts) encoder.Encode(text); }):0.0} ms");
            var together = encoder.Encode(texts);
            var apart = texts.Select(t => encoder.Encode(t)).ToList();
            output.WriteLine($"  largest difference between a vector encoded in the batch and alone: {together.Zip(apart).Max(p => p.First.Zip(p.Second).Max(x => MathF.Abs(x.First - x.Second))):E1}");
        }
        output.WriteLine($"query \"event-driven\": {Median(() => encoder.Encode("event-driven")):0.0} ms");
    }

    private static double Median(Action encode)
    {
        encode();
        var times = Enumerable.Range(0, 21).Select(_ =>
        {
            var timer = Stopwatch.StartNew();
            encode();
            return timer.Elapsed.TotalMilliseconds;
        }).Order().ToList();
        return times[times.Count / 2];
    }
}
