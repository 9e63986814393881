using Marketplace.Domain.Submissions;

namespace Marketplace.Domain.Tests.Feedback;

/// <summary>A submission of a generated challenge: its text as compared and its band keys as the index holds them.</summary>
public sealed record SignedWork(ComparedWork Work, string[] Bands);

/// <summary>
/// Seeded challenges for the copy check: random work, and work built to be hard on an index of MinHash bands (pairs
/// on either side of the threshold, one template edited many times, moved sections, texts under five words,
/// duplicates submitted at the same instant).
/// </summary>
public sealed class ChallengeWork(int seed)
{
    public static readonly Guid Challenge = Guid.Parse("0b6c3c52-9a57-4a43-8f5c-1c1f0d4b7e21");
    private static readonly DateTimeOffset Opening = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu", "da", "gre", "sho", "bil", "tan", "quo"];

    private readonly Random _random = new(seed);
    private readonly List<(Guid Candidate, string Text)> _drafts = [];

    public string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Word()));

    /// <summary>About one word in 4,000 recurs by chance, so unrelated texts share almost no 5-gram.</summary>
    private string Word() => string.Concat(Enumerable.Range(0, 3).Select(_ => Syllables[_random.Next(Syllables.Length)]));

    /// <summary>The text with this many of its words, at random places, swapped for others.</summary>
    public string Edited(string text, int edits)
    {
        var words = text.Split(' ');
        for (var i = 0; i < edits; i++) words[_random.Next(words.Length)] = Word();
        return string.Join(' ', words);
    }

    public ChallengeWork Submit(string text, Guid? candidate = null)
    {
        _drafts.Add((candidate ?? NewId(), text));
        return this;
    }

    public ChallengeWork Random(int count)
    {
        for (var i = 0; i < count; i++) Submit(Words(_random.Next(1, 300)));
        return this;
    }

    /// <summary>
    /// Pairs whose Jaccard is spread evenly from 0.76 to 0.86: an original of 100 to 300 words and a copy with one run of
    /// words rewritten, which changes the run's length plus four of the original's 5-grams, so the length sets the score.
    /// </summary>
    public ChallengeWork NearTheThreshold(int pairs)
    {
        for (var i = 0; i < pairs; i++)
        {
            var words = _random.Next(100, 300);
            var jaccard = 0.76 + 0.1 * _random.NextDouble();
            var changed = (int)Math.Round((words - 4) * (1 - jaccard) / (1 + jaccard));
            var original = Words(words).Split(' ');
            var start = _random.Next(4, words - changed);
            Submit(string.Join(' ', original)).Submit(string.Join(' ', original[..start].Concat([Words(changed - 4)]).Concat(original[(start + changed - 4)..])));
        }
        return this;
    }

    /// <summary>One template every candidate starts from, edited a little or a lot, with some words of their own.</summary>
    public ChallengeWork FromOneTemplate(int count)
    {
        var template = Words(200);
        for (var i = 0; i < count; i++) Submit(Edited(template, _random.Next(0, 15)) + " " + Words(_random.Next(0, 30)));
        return this;
    }

    /// <summary>A text cut into six sections, handed in again with the sections shuffled and a few words edited.</summary>
    public ChallengeWork ReorderedSections(int count)
    {
        var sections = Enumerable.Range(0, 6).Select(_ => Words(_random.Next(15, 60))).ToArray();
        for (var i = 0; i < count; i++)
            Submit(Edited(string.Join(' ', sections.OrderBy(_ => _random.Next())), _random.Next(0, 4)));
        return this;
    }

    /// <summary>One to four words from a vocabulary of six: compared word by word, many are the same or near it.</summary>
    public ChallengeWork Tiny(int count)
    {
        var vocabulary = Enumerable.Range(0, 6).Select(_ => Word()).ToArray();
        for (var i = 0; i < count; i++)
            Submit(string.Join(' ', Enumerable.Range(0, _random.Next(1, 5)).Select(_ => vocabulary[_random.Next(vocabulary.Length)])));
        return this;
    }

    /// <summary>The same text from several candidates, and again from one of them as a later attempt.</summary>
    public ChallengeWork Duplicates(int count)
    {
        var text = Words(_random.Next(5, 120));
        var candidate = NewId();
        Submit(text, candidate).Submit(text, candidate);
        for (var i = 0; i < count; i++) Submit(text);
        return this;
    }

    /// <summary>
    /// The challenge in submission order, times a few minutes apart and often equal, so "earlier" and the tie-break on
    /// time are both exercised; the drafts are shuffled first so that kinds of work interleave.
    /// </summary>
    public IReadOnlyList<SignedWork> Signed()
    {
        var at = Opening;
        return _drafts.OrderBy(_ => _random.Next()).Select(draft =>
        {
            at = at.AddMinutes(_random.Next(0, 3));
            var shingles = Similarity.Shingles(draft.Text);
            return new SignedWork(new ComparedWork(NewId(), draft.Candidate, at, shingles), MinHash.BandKeys(Challenge, shingles));
        }).ToList();
    }

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
