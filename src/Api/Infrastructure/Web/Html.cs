using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Marketplace.Api.Infrastructure.Web;

/// <summary>Everything that puts text into a page goes through here, encoded: postings and challenges are companies' text.</summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? "");

    public static string E(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A GraphQL enum value as plain words: SKILLS_MISMATCH → Skills mismatch.</summary>
    public static string Label(string? constant) =>
        string.IsNullOrEmpty(constant) ? "" : char.ToUpperInvariant(constant[0]) + constant[1..].Replace('_', ' ').ToLowerInvariant();

    /// <summary><see cref="Label"/>, encoded for the page.</summary>
    public static string Words(string? constant) => E(Label(constant));

    public static string Percent(double? share) => share is { } value ? value.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "") : "–";

    public static string Number(double? value, string format = "0.#") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Date(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "";

    public static string Join<T>(IEnumerable<T> items, Func<T, string> render) => string.Concat(items.Select(render));

    /// <summary>
    /// The markdown companies write (headings, bullet lists, paragraphs, `code`, **bold**) as HTML. The text is encoded
    /// first, so nothing the author wrote can become markup of its own. Headings start at <paramref name="topLevel"/>.
    /// </summary>
    public static string Markdown(string? text, int topLevel = 3)
    {
        var html = new StringBuilder();
        var inList = false;
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0) html.Append("<p>").Append(string.Join(' ', paragraph)).Append("</p>");
            paragraph.Clear();
            if (inList) html.Append("</ul>");
            inList = false;
        }
        foreach (var raw in (text ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) { Flush(); continue; }
            if (line.StartsWith('#'))
            {
                Flush();
                var hashes = line.TakeWhile(c => c == '#').Count();
                var level = Math.Min(6, topLevel + Math.Max(0, hashes - 2));
                html.Append($"<h{level}>").Append(Inline(line[hashes..].Trim())).Append($"</h{level}>");
                continue;
            }
            if (line.StartsWith("- ") || line.StartsWith("* "))
            {
                if (paragraph.Count > 0) { html.Append("<p>").Append(string.Join(' ', paragraph)).Append("</p>"); paragraph.Clear(); }
                if (!inList) html.Append("<ul>");
                inList = true;
                html.Append("<li>").Append(Inline(line[2..])).Append("</li>");
                continue;
            }
            if (inList) Flush();
            paragraph.Add(Inline(line));
        }
        Flush();
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var encoded = E(text);
        encoded = Pairs(encoded, "**", "strong");
        return Pairs(encoded, "`", "code");
    }

    /// <summary>Wraps text between pairs of a marker in a tag; an unpaired marker stays as it is.</summary>
    private static string Pairs(string text, string marker, string tag)
    {
        var parts = text.Split(marker);
        if (parts.Length < 3) return text;
        var result = new StringBuilder(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            var opens = i % 2 == 1;
            if (opens && i == parts.Length - 1) result.Append(marker).Append(parts[i]);
            else result.Append(opens ? $"<{tag}>" : $"</{tag}>").Append(parts[i]);
        }
        return result.ToString();
    }
}
