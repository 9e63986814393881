using Microsoft.AspNetCore.WebUtilities;
using System.Globalization;

namespace Marketplace.Api.Analytics.Pages;

/// <summary>The dashboard's filters as they travel in its address (a plain GET form), and as the funnel's filter input.</summary>
public sealed record DashboardFilters(DateOnly From, DateOnly To, string? Company, string? Posting, string? Skill, string? Source,
    bool CompletedOnly, DateTime? AsOf, string? GroupBy)
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string MomentFormat = "yyyy-MM-ddTHH:mm";
    public static readonly string[] Sources = ["DIRECT", "INVITATION"];
    public static readonly string[] Groupings = ["POSTING", "COMPANY", "SKILL", "SOURCE", "MONTH", "WEEK"];

    /// <summary>Reads the query string; what is missing or malformed takes its default (the last six months, no narrowing).</summary>
    public static DashboardFilters Parse(IQueryCollection query, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var to = Date(query["to"]) ?? today.AddDays(1);
        var from = Date(query["from"]) ?? to.AddMonths(-6).AddDays(-1);
        if (from >= to) from = to.AddDays(-1);
        DateTime? asOf = DateTime.TryParseExact(query["asOf"].ToString(), MomentFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment) ? moment : null;
        return new DashboardFilters(from, to, Text(query["company"]), Text(query["posting"]), Text(query["skill"]),
            Sources.Contains(query["source"].ToString()) ? query["source"].ToString() : null,
            query["completed"] == "on", asOf,
            Groupings.Contains(query["groupBy"].ToString()) ? query["groupBy"].ToString() : null);
    }

    /// <summary>The hiringFunnel filter input; <paramref name="groupBy"/> asks for groups instead of one answer.</summary>
    public Dictionary<string, object?> Input(string? groupBy = null) => new()
    {
        ["from"] = Instant(From),
        ["to"] = Instant(To),
        ["companyId"] = Company,
        ["postingId"] = Posting,
        ["skill"] = Skill,
        ["source"] = Source,
        ["completedOnly"] = CompletedOnly,
        ["asOf"] = AsOf is { } at ? new DateTimeOffset(at, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture) : null,
        ["groupBy"] = groupBy,
    };

    /// <summary>This dashboard's address with the same filters and another "as of" moment (null: now).</summary>
    public string WithAsOf(DateTime? asOf) => Address(Dashboard.Path, asOf);

    /// <summary>Where "Download CSV" takes these filters: the figures the dashboard shows, broken down as it shows them.</summary>
    public string Download => Address(DashboardDownload.Path, AsOf);

    private string Address(string path, DateTime? asOf)
    {
        var values = new Dictionary<string, string?>
        {
            ["from"] = From.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["to"] = To.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["company"] = Company,
            ["posting"] = Posting,
            ["skill"] = Skill,
            ["source"] = Source,
            ["completed"] = CompletedOnly ? "on" : null,
            ["groupBy"] = GroupBy,
            ["asOf"] = asOf?.ToString(MomentFormat, CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(path, values.Where(v => v.Value is not null));
    }

    private static string Instant(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
