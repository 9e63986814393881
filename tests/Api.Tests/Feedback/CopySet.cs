using System.Text.Json;
using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>A pair of the labelled set: the earlier work, the later one, and whether the later copies the earlier.</summary>
public sealed record LabelledPair(string Brief, string Original, string Suspect, string Label)
{
    public bool Copy => Label != CopySet.Independent;
}

/// <summary>
/// The labelled set of tests/Api.Tests/Feedback/CopySet (its README says how it was written), read and encoded once for
/// a test class: the model loads once, every text and brief is encoded once.
/// </summary>
public sealed class CopySet : IDisposable
{
    public const string Literal = "copy-literal", Paraphrase = "copy-paraphrase", Independent = "independent";
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Feedback");
    private readonly Dictionary<string, IReadOnlyList<(string Text, float[] Vector)>> _passages = [];

    public TextEncoder Encoder { get; } = new();
    public IReadOnlyList<LabelledPair> Pairs { get; }
    public IReadOnlyDictionary<string, ChallengeDetails> Briefs { get; }
    public IReadOnlyDictionary<string, BriefSubspace> Subspaces { get; }

    public CopySet()
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "CopySet", "manifest.json"))).RootElement;
        Pairs = [.. manifest.GetProperty("pairs").EnumerateArray().Select(p => new LabelledPair(p.GetProperty("brief").GetString()!,
            p.GetProperty("original").GetString()!, p.GetProperty("suspect").GetString()!, p.GetProperty("label").GetString()!))];
        var demo = JsonDocument.Parse(File.ReadAllText(Marketplace.Api.Seed.DemoData.SeedFile("demo.json"))).RootElement.GetProperty("challenges");
        Briefs = manifest.GetProperty("briefs").EnumerateObject().ToDictionary(b => b.Name, b => Details(
            b.Value.TryGetProperty("file", out var file)
                ? JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file.GetString()!))).RootElement
                : demo.EnumerateArray().Single(c => c.GetProperty("title").GetString() == b.Value.GetProperty("demo").GetString())));
        Subspaces = Briefs.ToDictionary(b => b.Key, b => BriefSubspace.Of(Encoder.Encode(BriefSubspace.Texts(b.Value))));
        foreach (var path in Pairs.SelectMany(p => new[] { p.Original, p.Suspect }).Distinct())
        {
            var passages = Passages.Of(Text(path));
            _passages[path] = [.. passages.Zip(Encoder.Encode([.. passages.Select(p => p.Meaning)]), (p, v) => (p.Text, v))];
        }
    }

    public static string Text(string path) => File.ReadAllText(Path.Combine(Root, path));

    /// <summary>A text's passages and their vectors, as the projection stores them and the job encodes them.</summary>
    public IReadOnlyList<(string Text, float[] Vector)> PassagesOf(string path) => _passages[path];

    private static ChallengeDetails Details(JsonElement challenge) => new(
        challenge.GetProperty("skill").GetString()!, challenge.GetProperty("title").GetString()!, challenge.GetProperty("brief").GetString()!,
        Difficulty.Medium, 3,
        [.. challenge.GetProperty("rubric").EnumerateArray().Select(c =>
            new Criterion(c.GetProperty("key").GetString()!, c.GetProperty("description").GetString()!, c.GetProperty("weight").GetDouble()))],
        null, null);

    public void Dispose() => Encoder.Dispose();
}
