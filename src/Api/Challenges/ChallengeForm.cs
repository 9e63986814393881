using Marketplace.Domain.Challenges;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Challenges;

/// <summary>One row of the rubric editor, as typed: a form shown again keeps what was entered, even what is wrong.</summary>
public sealed record CriterionRow(string Key, string Description, string Weight)
{
    public static readonly CriterionRow Empty = new("", "", "");

    public bool IsEmpty => Key.Length == 0 && Description.Length == 0 && Weight.Length == 0;

    /// <summary>The weight as a number; "0,25" reads as 0.25.</summary>
    public double? Share => double.TryParse(Weight.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var share) &&
                            double.IsFinite(share) ? share : null;
}

/// <summary>
/// The challenge editor's fields as they travel in a posted form (the rubric's rows as <c>criteria[i].key</c>,
/// <c>.description</c>, <c>.weight</c>), and as the draftChallenge / reviseChallenge input.
/// </summary>
public sealed partial record ChallengeForm(string Title, string Skill, string Difficulty, string MaxAttempts, string Brief,
    IReadOnlyList<CriterionRow> Rubric, string? Version = null)
{
    /// <summary>The most criteria a rubric may have (ChallengeRules).</summary>
    public const int MaxCriteria = 10;

    public static readonly ChallengeForm Blank =
        new("", "", "MEDIUM", ChallengeRules.DefaultMaxAttempts.ToString(CultureInfo.InvariantCulture), "", [CriterionRow.Empty]);

    public static ChallengeForm Read(IFormCollection form)
    {
        string Field(string name) => form[name].ToString().Trim();
        var rows = form.Keys.Select(k => CriterionField().Match(k)).Where(m => m.Success)
            .GroupBy(m => int.Parse(m.Groups["row"].Value, CultureInfo.InvariantCulture)).OrderBy(g => g.Key)
            .Select(g => new CriterionRow(Field($"criteria[{g.Key}].key"), Field($"criteria[{g.Key}].description"), Field($"criteria[{g.Key}].weight")))
            .ToList();
        return new ChallengeForm(Field("title"), Field("skill"), Field("difficulty"), Field("maxAttempts"), Field("brief"), rows,
            form["version"].ToString() is { Length: > 0 } version ? version : null);
    }

    public double WeightSum => Rubric.Sum(r => r.Share ?? 0);

    public ChallengeForm WithRow() => this with { Rubric = [.. Rubric, CriterionRow.Empty] };

    public ChallengeForm WithoutRow(int index) =>
        this with { Rubric = Rubric.Count <= 1 ? [CriterionRow.Empty] : Rubric.Where((_, i) => i != index).ToList() };

    /// <summary>What the browser can tell before asking the server: a weight that is not a number, attempts that are not one.</summary>
    public (string Field, string Message)? Unreadable() =>
        Filled.Any(r => r.Share is null) ? ("rubric.weight", "Each weight is a number such as 0.25.")
        : MaxAttempts.Length > 0 && !int.TryParse(MaxAttempts, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? ("maxAttempts", "Attempts are a whole number, such as 3.")
            : null;

    /// <summary>The draftChallenge input: rows left wholly empty are not criteria.</summary>
    public object DraftInput() => new
    {
        skill = Skill, title = Title, brief = Brief, difficulty = Difficulty, maxAttempts = Attempts, rubric = Criteria,
    };

    /// <summary>The reviseChallenge input, against the version the editor was opened at.</summary>
    public object ReviseInput(string challengeId) => new
    {
        challengeId, title = Title, brief = Brief, difficulty = Difficulty, maxAttempts = Attempts, rubric = Criteria,
        expectedVersion = int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : (int?)null,
    };

    private IEnumerable<CriterionRow> Filled => Rubric.Where(r => !r.IsEmpty);

    private object[] Criteria => Filled.Select(r => (object)new { key = r.Key, description = r.Description, weight = r.Share ?? 0 }).ToArray();

    private int? Attempts => int.TryParse(MaxAttempts, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) ? attempts : null;

    [GeneratedRegex(@"^criteria\[(?<row>\d{1,2})\]\.(key|description|weight)$")]
    private static partial Regex CriterionField();
}
