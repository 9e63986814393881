using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

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

    /// <summary>A moment to the second, in UTC, as a <c>time</c> element that carries it in ISO 8601; empty for none.</summary>
    public static string Moment(DateTimeOffset? at) => at is { } value
        ? $"<time datetime=\"{value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\">{value.UtcDateTime.ToString("d MMMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>"
        : "";

    public static string Join<T>(IEnumerable<T> items, Func<T, string> render) => string.Concat(items.Select(render));

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    /// <summary>What rendered markdown may contain: structure, emphasis, code, tables and links, nothing that runs or loads.</summary>
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// Markdown that people write (briefs, descriptions, cover notes, submissions) as HTML, by Markdig with raw HTML off,
    /// then sanitised: a link may go to http(s) or mail only and is marked as the author's, an image becomes nothing
    /// (it would be fetched from elsewhere by every reader), no attribute can run script. Headings start at
    /// <paramref name="topLevel"/>: # and ## are that level, ### one below, and so on.
    /// </summary>
    public static string Markdown(string? text, int topLevel = 3)
    {
        var document = Markdig.Markdown.Parse(text ?? "", Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, topLevel + Math.Max(0, heading.Level - 2));
        foreach (var image in document.Descendants<LinkInline>().Where(link => link.IsImage).ToList())
            image.Remove();
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return Sanitizer.Sanitize(writer.ToString());
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong",
                "del", "ins", "mark", "sub", "sup", "a", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start", "align" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link) link.SetAttribute("rel", "nofollow ugc noopener");
        };
        return sanitizer;
    }
}
