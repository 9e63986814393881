using Marketplace.Api.Submissions.Feedback;
using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>
/// The copy check, old and new, on every pair of the labelled set (CopySet/README.md): the old one compares shingles
/// only, the new one compares passages by meaning when the wording does not match. The figures, and the thresholds they
/// chose, are in docs/copy-check.md; a change to the check or to the set that moves them shows here first.
/// </summary>
public class copy_check_on_the_labelled_set(CopySet set, ITestOutputHelper output) : IClassFixture<CopySet>
{
    private static readonly FeedbackOptions Defaults = new();
    private static readonly double[] PassageSteps = [0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90];
    private static readonly double[] ShareSteps = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50];
    private static readonly int[] WordSteps = [0, 40, 80];

    [Fact]
    public void the_new_check_flags_more_copies_than_the_old_and_no_more_independent_answers()
    {
        var old = Measure(set.Pairs, null);
        var now = Measure(set.Pairs, Defaults.ByMeaning);
        output.WriteLine($"FIGURES copy set: {set.Pairs.Count} pairs, {Count(CopySet.Literal)} literal copies, {Count(CopySet.Paraphrase)} paraphrased, " +
                         $"{Count(CopySet.Independent)} independent");
        output.WriteLine($"FIGURES old check (shingles, Jaccard {Defaults.SimilarityThreshold}): {old}");
        output.WriteLine($"FIGURES new check (then meaning, {Describe(Defaults.ByMeaning)}): {now}");
        foreach (var (pair, flag) in set.Pairs.Select(p => (p, Check(p, Defaults.ByMeaning))).Where(r => r.p.Copy != (r.Item2 is not null)))
            output.WriteLine($"missed: {pair.Label} {pair.Original} -> {pair.Suspect}");

        now.Precision.ShouldBeGreaterThanOrEqualTo(old.Precision);
        now.FalsePositives.ShouldBe(0, "no independent answer of the set is flagged");
        now.RecallParaphrase.ShouldBeGreaterThan(old.RecallParaphrase);
        now.RecallParaphrase.ShouldBeGreaterThanOrEqualTo(0.8);
        now.RecallLiteral.ShouldBeGreaterThanOrEqualTo(old.RecallLiteral);
    }

    /// <summary>
    /// The rule that chose the defaults: of the thresholds that flag no independent pair, and flag none either when any one
    /// of them is a step looser, those that catch the most paraphrased copies, the strictest of them if several. A choice
    /// one step from a false flag on 53 pairs would be one at the edge of them.
    /// </summary>
    [Fact]
    public void the_thresholds_are_the_ones_the_set_chooses()
    {
        foreach (var words in WordSteps)
        foreach (var passage in PassageSteps)
            output.WriteLine($"FIGURES sweep, words {words}, passage {passage:0.00}: " + string.Join(" | ", ShareSteps.Select(share =>
            {
                var figures = Measure(set.Pairs, new MeaningThresholds(passage, share, words));
                return $"share {share:0.00}: {figures.FalsePositives} false, paraphrase recall {figures.RecallParaphrase:0.00}";
            })));
        var chosen = Choose(set.Pairs);
        output.WriteLine($"FIGURES chosen: {Describe(chosen)}");
        chosen.ShouldBe(Defaults.ByMeaning, "FeedbackOptions' defaults are what the labelled set chooses");
    }

    /// <summary>
    /// How far the choice carries to a brief it has not seen: for each brief, the thresholds chosen on the other seven,
    /// measured on its pairs; the figures of all eight added up.
    /// </summary>
    [Fact]
    public void thresholds_chosen_without_a_brief_still_flag_its_paraphrases_and_none_of_its_independent_answers()
    {
        var results = new List<(LabelledPair, SubmissionFlagged?)>();
        foreach (var brief in set.Briefs.Keys)
        {
            var chosen = Choose([.. set.Pairs.Where(p => p.Brief != brief)]);
            results.AddRange(set.Pairs.Where(p => p.Brief == brief).Select(p => (p, Check(p, chosen))));
            output.WriteLine($"without {brief}: {Describe(chosen)}");
        }
        var figures = Figures.Of(results);
        output.WriteLine($"FIGURES new check, thresholds chosen without the brief measured: {figures}");
        figures.RecallParaphrase.ShouldBeGreaterThan(0.5);
        figures.Precision.ShouldBeGreaterThanOrEqualTo(0.9);
    }

    private MeaningThresholds Choose(IReadOnlyList<LabelledPair> pairs)
    {
        var cells = (from words in WordSteps from passage in PassageSteps from share in ShareSteps select new MeaningThresholds(passage, share, words))
            .ToDictionary(t => t, t => (Figures?)null);
        Figures At(MeaningThresholds t) => cells[t] ??= Measure(pairs, t);
        bool Clean(MeaningThresholds t) => !cells.ContainsKey(t) || At(t).FalsePositives == 0;
        MeaningThresholds Looser(MeaningThresholds t, int passage, int share, int words) => new(
            Step(PassageSteps, t.Passage, passage), Step(ShareSteps, t.Share, share), (int)Step([.. WordSteps.Select(w => (double)w)], t.Words, words));
        return cells.Keys
            .Where(t => Clean(t) && Clean(Looser(t, -1, 0, 0)) && Clean(Looser(t, 0, -1, 0)) && Clean(Looser(t, 0, 0, -1)))
            .OrderByDescending(t => At(t).RecallParaphrase).ThenByDescending(t => t.Passage).ThenByDescending(t => t.Share).ThenByDescending(t => t.Words)
            .First();
    }

    /// <summary>The value a step from this one, or one off the grid (never clean, so never required) past its end.</summary>
    private static double Step(double[] steps, double value, int by)
    {
        var at = Array.IndexOf(steps, value) + by;
        return at >= 0 && at < steps.Length ? steps[at] : -1;
    }

    private readonly Dictionary<LabelledPair, (Submission Suspect, ComparedWork[] Work, ComparedMeaning[] Meanings)> _compared = [];

    /// <summary>The flag the check raises on the suspect, submitted an hour after the original by another candidate; null if none.</summary>
    private SubmissionFlagged? Check(LabelledPair pair, MeaningThresholds? byMeaning)
    {
        if (!_compared.TryGetValue(pair, out var compared))
        {
            var (original, suspect) = (Guid.NewGuid(), Guid.NewGuid());
            var (earlier, later) = (Guid.NewGuid(), Guid.NewGuid());
            var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
            var content = CopySet.Text(pair.Suspect);
            var brief = set.Subspaces[pair.Brief];
            _compared[pair] = compared = (
                new Submission(suspect, Guid.NewGuid(), later, null, SubmissionStatus.FeedbackReady, content, null, false, null),
                [new(suspect, later, at.AddHours(1), Similarity.Shingles(content)), new(original, earlier, at, Similarity.Shingles(CopySet.Text(pair.Original)))],
                [ComparedMeaning.Of(suspect, later, at.AddHours(1), set.PassagesOf(pair.Suspect), brief),
                 ComparedMeaning.Of(original, earlier, at, set.PassagesOf(pair.Original), brief)]);
        }
        return NearCopyCheck.Decide(compared.Suspect, compared.Work, Defaults.SimilarityThreshold, compared.Meanings, byMeaning)
            .OfType<SubmissionFlagged>().SingleOrDefault();
    }

    private Figures Measure(IEnumerable<LabelledPair> pairs, MeaningThresholds? byMeaning) =>
        Figures.Of([.. pairs.Select(pair => (pair, Check(pair, byMeaning)))]);

    private int Count(string label) => set.Pairs.Count(p => p.Label == label);

    private static string Describe(MeaningThresholds t) => $"passage {t.Passage:0.00}, share {t.Share:0.00}, words {t.Words}";
}

/// <summary>Precision and recall of a check over pairs; a flag on an independent pair is a false positive.</summary>
public sealed record Figures(int Flagged, int FalsePositives, double Precision, double RecallLiteral, double RecallParaphrase, double Recall)
{
    public static Figures Of(IReadOnlyList<(LabelledPair Pair, SubmissionFlagged? Flag)> results)
    {
        double Recall(Func<LabelledPair, bool> which) =>
            (double)results.Count(r => which(r.Pair) && r.Flag is not null) / Math.Max(1, results.Count(r => which(r.Pair)));
        var flagged = results.Count(r => r.Flag is not null);
        var wrong = results.Count(r => r.Flag is not null && !r.Pair.Copy);
        return new Figures(flagged, wrong, flagged == 0 ? 1 : (double)(flagged - wrong) / flagged,
            Recall(p => p.Label == CopySet.Literal), Recall(p => p.Label == CopySet.Paraphrase), Recall(p => p.Copy));
    }

    public override string ToString() =>
        $"precision {Precision:0.00} ({Flagged - FalsePositives} of {Flagged} flags right), recall on literal copies {RecallLiteral:0.00}, " +
        $"on paraphrased copies {RecallParaphrase:0.00}, on all copies {Recall:0.00}";
}
