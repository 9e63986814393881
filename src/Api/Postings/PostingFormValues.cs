using System.Globalization;

namespace Marketplace.Api.Postings;

/// <summary>What a GraphQL operation refused at one input field (<c>extensions.field</c>), or what the form could not read.</summary>
public sealed record FieldProblem(string? Field, string Message);

/// <summary>
/// A posting as its form holds it: every field as typed, so a refused form comes back with what the member wrote. Turned
/// into the input of <c>draftPosting</c> or <c>revisePosting</c>; only what cannot be a number is refused here, every
/// other rule is the operation's.
/// </summary>
public sealed record PostingFormValues(
    string Title,
    string Role,
    string Seniority,
    IReadOnlyList<string> Skills,
    string Location,
    string RemotePolicy,
    string SalaryMin,
    string SalaryMax,
    string Currency,
    string Openings,
    bool BlindReview,
    string Description)
{
    public static readonly PostingFormValues Blank = new("", "", "MID", [], "", "REMOTE", "", "", "", "1", false, "");

    public static PostingFormValues From(IFormCollection form)
    {
        string Field(string name) => form[name].ToString().Trim();
        return new(Field("title"), Field("role"), Field("seniority"), form["skills"].Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).ToList(),
            Field("location"), Field("remotePolicy"), Field("salaryMin"), Field("salaryMax"), Field("currency").ToUpperInvariant(),
            Field("openings"), form["blindReview"] == "on", form["description"].ToString());
    }

    public static PostingFormValues From(WorkspacePosting p) => new(p.Title, p.Role, p.Seniority, p.Skills, p.Location ?? "", p.RemotePolicy,
        p.Salary is { } s ? Whole(s.Min) : "", p.Salary is { } m ? Whole(m.Max) : "", p.Salary?.Currency ?? "", Whole(p.Openings), p.BlindReview,
        p.Description);

    /// <summary>What the form cannot send at all: a number that is not one, a salary range given in part.</summary>
    public FieldProblem? Unreadable()
    {
        if (!TryWhole(Openings, out _)) return new("openings", "Enter the number of openings as a whole number.");
        if (SalaryMin.Length + SalaryMax.Length + Currency.Length == 0) return null;
        if (!TryWhole(SalaryMin, out _)) return new("salary.min", "Enter the lowest yearly salary as a whole number.");
        if (!TryWhole(SalaryMax, out _)) return new("salary.max", "Enter the highest yearly salary as a whole number.");
        if (Currency.Length == 0) return new("salary.currency", "Enter the currency of the salary range, a three-letter code such as EUR.");
        return null;
    }

    /// <summary>draftPosting's input; call after <see cref="Unreadable"/> found nothing.</summary>
    public Dictionary<string, object?> DraftInput(string idempotencyKey)
    {
        var input = Common();
        input["blindReview"] = BlindReview;
        input["idempotencyKey"] = idempotencyKey;
        return input;
    }

    /// <summary>
    /// revisePosting's input: every field, against the version the member started from. An emptied location or salary
    /// is left out, which keeps it (the form says so): the operation has no way to remove one.
    /// </summary>
    public Dictionary<string, object?> ReviseInput(string postingId, int expectedVersion)
    {
        var input = Common();
        input["postingId"] = postingId;
        input["expectedVersion"] = expectedVersion;
        return input;
    }

    private Dictionary<string, object?> Common() => new()
    {
        ["title"] = Title,
        ["role"] = Role,
        ["seniority"] = Seniority,
        ["skills"] = Skills,
        ["location"] = Location.Length == 0 ? null : Location,
        ["remotePolicy"] = RemotePolicy,
        ["salary"] = SalaryMin.Length + SalaryMax.Length + Currency.Length == 0 ? null
            : new { min = Parse(SalaryMin), max = Parse(SalaryMax), currency = Currency },
        ["description"] = Description,
        ["openings"] = Parse(Openings),
    };

    private static string Whole(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static bool TryWhole(string text, out int number) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out number);

    private static int Parse(string text) => TryWhole(text, out var number) ? number : 0;
}
