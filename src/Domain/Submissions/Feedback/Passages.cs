
namespace Marketplace.Domain.Submissions.Feedback;

/// <summary>A stretch of the work that says one thing: a paragraph (or a few sentences of a long one) or a list item.</summary>
/// <param name="Text">The passage as the candidate wrote it (what a comment quotes).</param>
/// <param name="TermList">Terms separated by commas rather than sentences: it names ideas without explaining them.</param>
/// <param name="Heading">The heading it stands under, if any: part of its meaning ("Proving it under crashes").</param>
public sealed record Passage(string Text, bool TermList, string? Heading = null)
{
    /// <summary>What is matched by meaning: the heading, then the passage.</summary>
    public string Meaning => Heading is null ? Text : $"{Heading}: {Text}";
}

/// <summary>
/// Cuts a submission into passages for matching by meaning. Headings and code are left out (code counts as evidence in
/// <see cref="ContentSignals"/>); a paragraph over <see cref="MaxWords"/> words is cut at sentence ends into windows.
/// </summary>
public static class Passages
{
    public const int MaxWords = 70;
    private const int MinWords = 4;

    public static IReadOnlyList<Passage> Of(string? content)
    {
        var passages = new List<Passage>();
        var paragraph = new List<string>();
        var inFence = false;
        string? heading = null;
        void Flush()
        {
            if (paragraph.Count > 0) AddPassages(string.Join(' ', paragraph), heading, passages);
            paragraph.Clear();
        }
        foreach (var raw in (content ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            if (line.Length == 0) { Flush(); continue; }
            if (line.StartsWith('#'))
            {
                Flush();
                heading = line.TrimStart('#').Trim();
                continue;
            }
            if (ListItem(line) is { } item)
            {
                Flush();
                AddPassages(item, heading, passages);
                continue;
            }
            paragraph.Add(line);
        }
        Flush();
        return passages;
    }

    private static void AddPassages(string text, string? heading, List<Passage> passages)
    {
        var words = ContentSignals.Words(text).Count;
        if (words < MinWords) return;
        if (words <= MaxWords)
        {
            passages.Add(new Passage(text, IsTermList(text), heading));
            return;
        }
        var window = new List<string>();
        var count = 0;
        foreach (var sentence in Sentences(text))
        {
            var length = ContentSignals.Words(sentence).Count;
            if (count > 0 && count + length > MaxWords)
            {
                passages.Add(new Passage(string.Join(' ', window), false, heading));
                window.Clear();
                count = 0;
            }
            window.Add(sentence);
            count += length;
        }
        if (window.Count > 0) passages.Add(new Passage(string.Join(' ', window), IsTermList(string.Join(' ', window)), heading));
    }

    /// <summary>Four or more comma-separated pieces of three words or fewer on average: a list of terms.</summary>
    public static bool IsTermList(string text)
    {
        var pieces = text.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return pieces.Length >= 4 && pieces.Average(p => ContentSignals.Words(p).Count) <= 3.0;
    }

    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] is '.' or '?' or '!' && text[i + 1] == ' ')
            {
                yield return text[start..(i + 1)].Trim();
                start = i + 2;
            }
        }
        if (start < text.Length) yield return text[start..].Trim();
    }

    private static string? ListItem(string line)
    {
        if (line.Length > 2 && line[0] is '-' or '*' or '+' && line[1] == ' ') return line[2..].Trim();
        var digits = line.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && line.Length > digits + 2 && line[digits] is '.' or ')' && line[digits + 1] == ' ' ? line[(digits + 2)..].Trim() : null;
    }
}
