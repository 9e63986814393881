using Marketplace.Domain.Challenges;

namespace Marketplace.Domain.Submissions.Feedback;

/// <summary>
/// The default reviewer: scores each criterion from what the text covers and shows, with no network and
/// no model. Deterministic, so a candidate who resubmits the same work gets the same review.
/// </summary>
public sealed class RubricReviewer : IFeedbackReviewer
{
    public const string Id = "rubric-v1";

    public const int ShortWork = 80;
    public const int ShortWorkCap = 30;
    private const int MaxComment = 400;
    private const int Listed = 3;

    public Task<Review> ReviewAsync(ReviewRequest request, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var signals = ContentSignals.Read(request.Content, request.RepositoryUrl);
        var criteria = request.Criteria.Select((criterion, index) => Assess(criterion, index, signals)).ToList();
        var overall = Scoring.Overall(request.Criteria, criteria);
        return Task.FromResult(new Review(Id, request.RubricVersion, overall, Summarise(criteria, overall), criteria));
    }

    private static CriterionFeedback Assess(Criterion criterion, int index, ContentSignals signals)
    {
        var concepts = ContentSignals.ConceptsOf(criterion);
        var covered = concepts.Where(c => signals.Covers(c.Stem)).Select(c => c.Word).ToList();
        var missing = concepts.Where(c => !signals.Covers(c.Stem)).Select(c => c.Word).ToList();
        // A criterion phrased only in stopwords can't be matched; don't punish the work for it.
        var coverage = concepts.Count == 0 ? (signals.WordCount > 0 ? 0.5 : 0) : (double)covered.Count / concepts.Count;

        var score = 100 * (0.55 * coverage + 0.20 * signals.Evidence + 0.15 * signals.Structure + 0.10 * signals.Length);
        if (signals.WordCount < ShortWork) score = Math.Min(score, ShortWorkCap);
        var rounded = Math.Clamp((int)Math.Round(score, MidpointRounding.AwayFromZero), 0, 100);

        return new CriterionFeedback(criterion.Key, rounded, Comment(Topic(criterion), index, signals, covered, missing, coverage));
    }

    private static string Comment(string topic, int index, ContentSignals signals, List<string> covered, List<string> missing, double coverage)
    {
        if (signals.WordCount == 0)
        {
            var covering = missing.Count > 0 ? $", covering {Enumerate(missing)}" : $" for {topic}";
            var repository = signals.HasRepository ? " The repository link alone can't be scored." : "";
            return Fit($"The submission text is empty: describe the design in the submission text{covering}.{repository}");
        }

        var parts = new List<string>();
        if (covered.Count > 0)
            parts.Add(coverage >= 0.75 ? $"Covers well: {Enumerate(covered)}." : $"Touches on {Enumerate(covered)}.");
        if (missing.Count > 0)
            parts.Add($"Not yet addressed: {Enumerate(missing)} — explain how your design handles {(missing.Count == 1 ? "it" : "them")}.");
        parts.Add(Hint(topic, index, signals));
        return Fit(string.Join(' ', parts));
    }

    /// <summary>One gap per criterion, rotated by position, so the candidate isn't told the same thing three times.</summary>
    public static string Hint(string topic, int index, ContentSignals signals)
    {
        if (signals.WordCount < ShortWork)
            return $"Expand the write-up: under {ShortWork} words is too little to judge {topic}.";

        var gaps = new List<string>();
        if (!signals.ShowsTests) gaps.Add($"Show a test that proves what you claim about {topic}.");
        if (!signals.ShowsDiagram) gaps.Add($"Add a diagram of how {topic} works in your design (a mermaid block is fine).");
        if (!signals.WeighsTradeOffs) gaps.Add($"Name one trade-off you accepted for {topic} and why.");
        if (signals.Headings < 2) gaps.Add("Organise the write-up under headings, one per concern.");
        if (!signals.HasRepository) gaps.Add("Link the repository so reviewers can check the code behind the claims.");
        return gaps.Count > 0
            ? gaps[index % gaps.Count]
            : $"To go further, back {topic} with numbers: limits, latencies or volumes you designed for.";
    }

    public static string Summarise(IReadOnlyList<CriterionFeedback> criteria, int overall)
    {
        if (criteria.Count == 0) return $"Overall {overall}/100: the rubric has no criteria to score.";
        if (criteria.Count == 1) return $"Overall {overall}/100 on {criteria[0].Key}.";

        var strongest = criteria.MaxBy(c => c.Score)!;
        var weakest = criteria.MinBy(c => c.Score)!;
        return strongest.Score == weakest.Score
            ? $"Overall {overall}/100, with every criterion at {strongest.Score}."
            : $"Overall {overall}/100. Strongest: {strongest.Key} ({strongest.Score}); weakest: {weakest.Key} ({weakest.Score}), so start there.";
    }

    public static string Topic(Criterion criterion) => criterion.Key.Replace('-', ' ').Replace('_', ' ');

    // "a, b and c", or "a, b, c and 4 more": enough to act on without repeating the rubric.
    private static string Enumerate(List<string> words)
    {
        if (words.Count > Listed) return $"{string.Join(", ", words.Take(Listed))} and {words.Count - Listed} more";
        return words.Count == 1 ? words[0] : $"{string.Join(", ", words.SkipLast(1))} and {words[^1]}";
    }

    public static string Fit(string comment) => comment.Length <= MaxComment ? comment : comment[..(MaxComment - 1)] + "…";
}
