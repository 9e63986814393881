using System.Globalization;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Meaning;

/// <summary>A match's reason as a page reads it from the GraphQL answer.</summary>
public sealed record ReasonView(string Passage, string PostingPassage, string ChallengeTitle, int SubmissionScore, List<CriterionView> Criteria);

public sealed record CriterionView(string Key, int Score);

/// <summary>
/// How a match's reasons read on a page, for the candidate ("your work") and for a company ("their work"): the
/// candidate's passage beside the position's, the challenge it answered, and what it did well on.
/// </summary>
public static class ReasonsHtml
{
    /// <summary>The fields of MatchReason the pages select.</summary>
    public const string Fields = "passage postingPassage challengeTitle submissionScore criteria { key score }";

    /// <summary>A page shows the closest two; the API gives up to three.</summary>
    private const int Shown = 2;

    public static string List(IReadOnlyList<ReasonView> reasons, bool own) => reasons.Count == 0
        ? $"""<p class="hint">{(own ? "Matched on your profile: once reviewed work of yours matches it, the passages show here." : "Matched on the profile alone.")}</p>"""
        : $"""<ul class="reasons">{Join(reasons.Take(Shown), r => Reason(r, own))}</ul>""";

    private static string Reason(ReasonView reason, bool own) => $"""
        <li><blockquote class="note">{E(Plain(reason.Passage))}</blockquote>
        <p>matches “{E(Plain(reason.PostingPassage))}”</p>
        <p class="meta">From {(own ? "your" : "their")} work on {E(reason.ChallengeTitle)} ({E(reason.SubmissionScore)}/100){(reason.Criteria.Count == 0 ? "" : ", strong on " +
            string.Join(", ", reason.Criteria.Take(2).Select(c => $"{E(c.Key.Replace('-', ' '))} ({E(c.Score)})")))}</p></li>
        """;

    /// <summary>A passage is Markdown as written: its emphasis and code marks are dropped, its words kept.</summary>
    private static string Plain(string text) => text.Replace("**", "").Replace("__", "").Replace("`", "");

    /// <summary>A score of -1 to 1 as a whole percentage.</summary>
    public static string Match(double score) => Math.Round(Math.Max(score, 0) * 100).ToString(CultureInfo.InvariantCulture) + "%";
}
