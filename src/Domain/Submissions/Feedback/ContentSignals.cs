using Marketplace.Domain.Challenges;

namespace Marketplace.Domain.Submissions.Feedback;

/// <summary>A word of a criterion that the work should talk about: its stem for matching, its word for comments.</summary>
public sealed record Concept(string Stem, string Word);

/// <summary>
/// What the rubric reviewer reads from a submission, once, however many criteria it scores.
/// Everything is ordinal and invariant so the same text always yields the same review.
/// </summary>
public sealed record ContentSignals(
    IReadOnlySet<string> Stems,
    int WordCount,
    int Headings,
    int ListItems,
    int Paragraphs,
    bool ShowsTests,
    bool ShowsDiagram,
    bool WeighsTradeOffs,
    bool HasRepository)
{
    // Rubric phrasing ("handles", "makes the system") says nothing about what the work must cover.
    private static readonly HashSet<string> StopStems = new[]
    {
        "about", "above", "after", "again", "against", "along", "also", "among", "because", "been", "before",
        "being", "below", "between", "both", "cannot", "could", "does", "doing", "down", "during", "each",
        "every", "from", "further", "have", "having", "here", "into", "itself", "just", "like", "made", "make",
        "makes", "many", "more", "most", "much", "must", "only", "other", "over", "same", "should", "some",
        "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through",
        "under", "until", "very", "well", "what", "when", "where", "which", "while", "will", "with", "within",
        "without", "would", "your", "clear", "clearly", "handle", "handles", "show", "shows", "using", "uses",
        "able", "good", "need", "needs", "system", "systems",
    }.Select(Stem).ToHashSet(StringComparer.Ordinal);

    public static ContentSignals Read(string? content, string? repositoryUrl)
    {
        var text = content ?? "";
        var lower = text.ToLowerInvariant();
        var words = Words(text);
        var stems = words.Select(Stem).ToHashSet(StringComparer.Ordinal);
        bool Mentions(params string[] these) => these.Any(w => stems.Contains(Stem(w)));
        var (headings, listItems, paragraphs) = Layout(text);
        return new ContentSignals(stems, words.Count, headings, listItems, paragraphs,
            ShowsTests: lower.Contains("```") || Mentions("test", "assert", "assertion", "xunit"),
            ShowsDiagram: lower.Contains("```mermaid") || lower.Contains("->") || lower.Contains('→') || Mentions("diagram"),
            WeighsTradeOffs: lower.Contains("trade-off") || lower.Contains("trade off")
                || Mentions("tradeoff", "however", "alternatively", "downside", "cost", "risk"),
            HasRepository: !string.IsNullOrWhiteSpace(repositoryUrl));
    }

    public double Evidence =>
        (ShowsTests ? 0.30 : 0) + (ShowsDiagram ? 0.25 : 0) + (WeighsTradeOffs ? 0.30 : 0) + (HasRepository ? 0.15 : 0);

    public double Structure =>
        0.4 * Math.Min(Headings, 3) / 3 + 0.3 * Math.Min(ListItems, 3) / 3 + 0.3 * Math.Min(Paragraphs, 3) / 3;

    /// <summary>Past ~800 words more text earns nothing; what it says is what counts.</summary>
    public double Length => Math.Min(1.0, WordCount / 800.0);

    public bool Covers(string stem) => Stems.Contains(stem) || Stems.Any(s => Related(s, stem));

    /// <summary>Distinct meaningful words of the key and description, in the order they are written.</summary>
    public static IReadOnlyList<Concept> ConceptsOf(Criterion criterion)
    {
        var concepts = new List<Concept>();
        foreach (var word in Words($"{criterion.Key} {criterion.Description}"))
        {
            var stem = Stem(word);
            if (word.Length < 4 || StopStems.Contains(stem) || concepts.Any(c => c.Stem == stem || Related(c.Stem, stem)))
                continue;
            concepts.Add(new Concept(stem, word));
        }
        return concepts;
    }

    /// <summary>Lower-cased runs of letters and digits; markdown punctuation and whitespace only separate them.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        var start = -1;
        var length = text?.Length ?? 0;
        for (var i = 0; i <= length; i++)
        {
            var inWord = i < length && char.IsLetterOrDigit(text![i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text![start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    /// <summary>Crude suffix stripping, enough for "retries"/"retried"/"retry" and "tracing"/"traces" to meet.</summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && (word.EndsWith("ies", StringComparison.Ordinal) || word.EndsWith("ied", StringComparison.Ordinal)))
            word = word[..^3] + "y";
        else if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal)) word = Undouble(word[..^3]);
        else if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal)) word = Undouble(word[..^2]);
        else if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal)) word = word[..^2];
        else if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal)) word = word[..^1];
        return word.Length > 4 && word.EndsWith('e') ? word[..^1] : word;
    }

    // "logging" → "logg" → "log"
    private static string Undouble(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && "bdgmnpt".Contains(stem[^1]) ? stem[..^1] : stem;

    // Stemming misses "observable"/"observability" and "idempotent"/"idempotency"; a long shared prefix catches them.
    private static bool Related(string a, string b)
    {
        var shared = 0;
        while (shared < a.Length && shared < b.Length && a[shared] == b[shared]) shared++;
        return shared >= Math.Max(5, Math.Min(a.Length, b.Length) - 2);
    }

    private static (int Headings, int ListItems, int Paragraphs) Layout(string text)
    {
        int headings = 0, listItems = 0, paragraphs = 0;
        var inFence = false;
        var inParagraph = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            var plain = !inFence && line.Length > 0 && !line.StartsWith("```", StringComparison.Ordinal);
            if (plain && IsHeading(line)) { headings++; plain = false; }
            else if (plain && IsListItem(line)) { listItems++; plain = false; }
            if (plain && !inParagraph) paragraphs++;
            inParagraph = plain;
        }
        return (headings, listItems, paragraphs);
    }

    private static bool IsHeading(string line)
    {
        var level = line.TakeWhile(c => c == '#').Count();
        return level is >= 1 and <= 6 && line.Length > level && line[level] == ' ';
    }

    private static bool IsListItem(string line)
    {
        if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal)
            || line.StartsWith("+ ", StringComparison.Ordinal))
            return true;
        var digits = line.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && line.Length > digits + 1 && line[digits] is ('.' or ')') && line[digits + 1] == ' ';
    }
}
