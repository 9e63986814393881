using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>
/// The default reviewer: matches each rubric criterion against the work's passages by meaning (sentence embeddings, on
/// the machine, no network), beside the rules reviewer's signals of structure, evidence and trade-offs. A criterion's
/// coverage is the best passage's similarity to it, so the same ideas in other words score as the rubric's own words do,
/// and a bare list of the rubric's terms counts for half: it names ideas without explaining them. Each comment quotes
/// the passage that best covers its criterion, or says what is missing, and what would raise the score. Deterministic
/// for the same input and model.
/// <para>
/// A request with <see cref="ReviewRequest.AnswerBy"/> waits for the model only until then (docs/adr/0037): when the
/// work's passages were not encoded for it and the model would not have them by then, the rules review it
/// (<see cref="RubricReviewer"/>), and the review says so by its reviewer's id.
/// </para>
/// </summary>
public sealed class SemanticReviewer(TextEncoder encoder, TimeProvider clock) : IFeedbackReviewer
{
    public const string Id = "semantic-v1";
    private static readonly RubricReviewer Rules = new();

    /// <summary>Below this similarity a passage says nothing about the criterion; at <see cref="Covered"/> it covers it.</summary>
    public const double Unrelated = 0.15, Covered = 0.45;
    private const double TermListWeight = 0.5;
    private const int QuoteLength = 140;

    public async Task<Review> ReviewAsync(ReviewRequest request, CancellationToken cancellation)
    {
        var signals = ContentSignals.Read(request.Content, request.RepositoryUrl);
        var passages = Passages.Of(request.Content);
        // The feedback job encodes the work's passages for its copy check: they are not encoded twice.
        var given = request.PassageVectors is { } encoded && encoded.Count == passages.Count ? encoded : null;
        string[] texts = [.. request.Criteria.Select(Query), .. given is null ? passages.Select(p => p.Meaning) : []];
        var vectors = request.AnswerBy is { } due
            ? await encoder.EncodeWithin(texts, due - clock.GetUtcNow(), cancellation)
            : await encoder.EncodeAsync(texts, cancellation);
        if (vectors is null) return await Rules.ReviewAsync(request, cancellation);
        if (given is not null) vectors = [.. vectors, .. given];
        var similarities = Similarities(vectors[..request.Criteria.Count], passages, vectors[request.Criteria.Count..]);
        var criteria = request.Criteria.Select((criterion, index) => Assess(criterion, index, similarities[index], passages, signals)).ToList();
        var overall = Scoring.Overall(request.Criteria, criteria);
        return new Review(Id, request.RubricVersion, overall, RubricReviewer.Summarise(criteria, overall), criteria);
    }

    /// <summary>What a criterion asks, as one sentence to match passages against.</summary>
    public static string Query(Criterion criterion) => $"{RubricReviewer.Topic(criterion)}: {criterion.Description}";

    /// <summary>
    /// Each criterion's similarity to each passage (a term list counting half), rounded so that scores are stable. A
    /// passage speaks to the criteria it is closest to: for any other criterion more than <see cref="Margin"/> less
    /// similar it counts as nothing, so one paragraph on the outbox does not half-cover the testing criterion too.
    /// </summary>
    public static double[][] Similarities(float[][] criteria, IReadOnlyList<Passage> passages, float[][] vectors)
    {
        var similarities = criteria.Select(c => passages.Select((p, i) =>
            Math.Round(TextEncoder.Similarity(c, vectors[i]) * (p.TermList ? TermListWeight : 1.0), 3)).ToArray()).ToArray();
        for (var i = 0; i < passages.Count; i++)
        {
            var closest = similarities.Max(s => s[i]);
            foreach (var row in similarities)
                if (row[i] < closest - Margin) row[i] = 0;
        }
        return similarities;
    }

    private const double Margin = 0.08;

    /// <summary>The passage that best covers a criterion, and how well; -1 when none speaks to it.</summary>
    public static (int Passage, double Similarity) Best(double[] similarities)
    {
        var best = (-1, 0.0);
        for (var i = 0; i < similarities.Length; i++)
            if (similarities[i] > best.Item2) best = (i, similarities[i]);
        return best;
    }

    private static CriterionFeedback Assess(Criterion criterion, int index, double[] similarities, IReadOnlyList<Passage> passages,
        ContentSignals signals)
    {
        var (passage, similarity) = Best(similarities);
        var coverage = Math.Clamp((similarity - Unrelated) / (Covered - Unrelated), 0, 1);
        var score = 100 * (0.60 * coverage + 0.18 * signals.Evidence + 0.12 * signals.Structure + 0.10 * signals.Length);
        if (signals.WordCount < RubricReviewer.ShortWork) score = Math.Min(score, RubricReviewer.ShortWorkCap);
        var rounded = Math.Clamp((int)Math.Round(score, MidpointRounding.AwayFromZero), 0, 100);
        var topic = RubricReviewer.Topic(criterion);
        var said = passage < 0 ? null : passages[passage];
        var comment = coverage switch
        {
            _ when signals.WordCount == 0 => $"The submission text is empty: explain {topic} in it ({Lower(criterion.Description)}).",
            >= 0.75 when said is { TermList: false } => $"Covered in “{Quote(said.Text)}”.",
            _ when said is { TermList: true } && similarity > Unrelated =>
                $"“{Quote(said.Text)}” names the ideas without explaining them; explain {topic}: {Lower(criterion.Description)}.",
            >= 0.5 when said is not null => $"Partly covered in “{Quote(said.Text)}”; spell out {topic}: {Lower(criterion.Description)}.",
            _ => $"Not yet addressed: {topic} ({Lower(criterion.Description)}).",
        };
        return new CriterionFeedback(criterion.Key, rounded, RubricReviewer.Fit($"{comment} {RubricReviewer.Hint(topic, index, signals)}"));
    }

    private static string Lower(string description) =>
        description.Length > 0 ? char.ToLowerInvariant(description[0]) + description[1..].TrimEnd('.') : description;

    /// <summary>The passage's opening, cut at a word, so the candidate finds it in their text.</summary>
    public static string Quote(string text)
    {
        if (text.Length <= QuoteLength) return text;
        var cut = text.LastIndexOf(' ', QuoteLength);
        return text[..(cut > 40 ? cut : QuoteLength)] + "…";
    }
}
