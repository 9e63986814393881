using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Submissions;

namespace Marketplace.Api.Matching;

/// <summary>
/// The reasons a candidate and a posting match, from their passages: every passage of the candidate's well-reviewed work
/// against every passage of the posting, and the closest pairs kept, no passage twice. Term lists ("Kafka, sagas,
/// outbox, retries") name ideas without explaining them and give no reason on the candidate's side.
/// </summary>
public sealed class Reasons
{
    /// <summary>A submission "did well" from this overall score on, and so does a criterion.</summary>
    public const int Good = 60;
    public const int Most = 3;
    private const float Related = 0.25f;

    private readonly List<(SubmissionMeaning Submission, PassageMeaning Passage, float[] Vector)> _work = [];
    private readonly Dictionary<Guid, SubmissionView> _views;
    private readonly Dictionary<Guid, ChallengeView> _challenges;

    /// <summary>
    /// The candidate's passages from their reviewed, not withdrawn submissions that did well, or from their best one when
    /// none did; the submissions' reviews and challenges name the criteria.
    /// </summary>
    public Reasons(IEnumerable<SubmissionMeaning> submissions, IEnumerable<SubmissionView> views, IEnumerable<ChallengeView> challenges)
    {
        var reviewed = submissions.Where(s => s is { Withdrawn: false, Score: not null }).OrderByDescending(s => s.Score).ToList();
        var used = reviewed.Where(s => s.Score >= Good).DefaultIfEmpty(reviewed.FirstOrDefault()).OfType<SubmissionMeaning>();
        foreach (var submission in used)
            foreach (var passage in submission.Passages.Where(p => !p.TermList))
                _work.Add((submission, passage, Vectors.Unpack(passage.Vector)));
        _views = views.ToDictionary(v => v.Id);
        _challenges = challenges.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>The challenges the reasons may name: those of the submissions whose passages take part.</summary>
    public static IEnumerable<Guid> ChallengesOf(IEnumerable<SubmissionMeaning> submissions) => submissions.Select(s => s.ChallengeId).Distinct();

    /// <summary>
    /// The closest pairs at least <see cref="Related"/> similar, at most <see cref="Most"/>: a pair below that says
    /// nothing the two share, so a match that rests on the profile alone gives no reasons. A posting whose description
    /// gave no passage is matched by its description's opening.
    /// </summary>
    public IReadOnlyList<MatchReason> For(PostingMeaning? posting, string description)
    {
        if (_work.Count == 0 || posting is null) return [];
        var theirs = posting.Passages.Where(p => !p.TermList).Select(p => (p.Text, Vector: Vectors.Unpack(p.Vector))).ToList();
        if (theirs.Count == 0) theirs.Add((Opening(description), Vectors.Unpack(posting.Whole)));
        var pairs = new List<(int Mine, int Theirs, float Similarity)>();
        for (var i = 0; i < _work.Count; i++)
            for (var j = 0; j < theirs.Count; j++)
                pairs.Add((i, j, TextEncoder.Similarity(_work[i].Vector, theirs[j].Vector)));
        var chosen = new List<(int Mine, int Theirs, float Similarity)>();
        foreach (var pair in pairs.OrderByDescending(p => p.Similarity))
        {
            if (chosen.Count == Most || pair.Similarity < Related) break;
            if (chosen.Any(c => c.Mine == pair.Mine || c.Theirs == pair.Theirs)) continue;
            chosen.Add(pair);
        }
        return [.. chosen.Select(c => Reason(_work[c.Mine].Submission, _work[c.Mine].Passage, theirs[c.Theirs].Text, c.Similarity))];
    }

    private MatchReason Reason(SubmissionMeaning submission, PassageMeaning passage, string postingPassage, float similarity)
    {
        var challenge = _challenges.GetValueOrDefault(submission.ChallengeId);
        var quoted = passage.Text[..Math.Min(passage.Text.Length, 40)];
        var criteria = (_views.GetValueOrDefault(submission.Id)?.Feedback?.Criteria ?? [])
            .Where(c => c.Score >= Good)
            .OrderByDescending(c => c.Comment.Contains(quoted, StringComparison.Ordinal)).ThenByDescending(c => c.Score)
            .Take(Most)
            .Select(c => new MatchedCriterion(c.Key, challenge?.Rubric.FirstOrDefault(r => r.Key == c.Key)?.Description ?? c.Key, c.Score))
            .ToList();
        return new MatchReason(submission.Id, submission.ChallengeId, challenge?.Title ?? "", submission.Score ?? 0, passage.Text, postingPassage,
            MathF.Round(similarity, 3), criteria);
    }

    private static string Opening(string description)
    {
        var text = string.Join(' ', description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 200 ? text : text[..(text.LastIndexOf(' ', 200) is > 40 and var cut ? cut : 200)] + "…";
    }
}
