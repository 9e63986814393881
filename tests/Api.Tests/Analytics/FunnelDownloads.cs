using Alba;
using CsvHelper;
using GraphQL;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Applications;
using System.Globalization;
using System.Text.Json;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>A downloaded file: what the address answered, headers and body.</summary>
public sealed record Download(int Status, string? ContentType, string? Disposition, string? CacheControl, string Body)
{
    /// <summary>The body as /graphql's errors read, for a refused link.</summary>
    public GraphQLResponse AsError => new(Status, ContentType, Body);
}

/// <summary>
/// One line of the funnel, as both hiringFunnel's JSON and the CSV can be read into it: the two answers compare line by
/// line and number for number. Reasons are "REASON:count" of the non-zero ones; null where a stage has no drop-off.
/// </summary>
public sealed record FunnelLine(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? AsOf, string Group, int Applications, bool Suppressed,
    string Stage, int Reached, int Entered, double? PassThrough, double? MedianHoursInStage, double? P90HoursInStage,
    double? MedianDaysToHire, double? OfferAcceptanceRate, int? Rejected, int? Withdrawn, string? Reasons);

public static class FunnelDownloads
{
    public const string LinkQuery = "query($filter: FunnelFilter!) { hiringFunnelCsv(filter: $filter) { url expiresAt } }";

    public static Task<GraphQLResponse> DownloadLink(this AppFixture app, string? token, object filter) =>
        app.Host.GraphQL(LinkQuery, new { filter }, token);

    /// <summary>GETs the link as a browser or a script would: no token, only the address.</summary>
    public static async Task<Download> Download(this AppFixture app, string url, string? accept = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url.StartsWith('/') ? url : new Uri(url).PathAndQuery);
            if (accept is not null) s.WithRequestHeader("Accept", accept);
            s.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return new Download(response.StatusCode, response.ContentType, response.Headers.ContentDisposition.ToString(),
            response.Headers.CacheControl.ToString(), await result.ReadAsTextAsync());
    }

    /// <summary>hiringFunnel's answer (with its dropOff and reasons) read line by line: a group's stages, one by one.</summary>
    public static IReadOnlyList<FunnelLine> Lines(JsonElement funnel)
    {
        static double? Number(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();
        static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;
        var asOf = funnel.GetProperty("asOf").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : Instant(Text(funnel, "asOf"));

        FunnelLine Line(JsonElement group, JsonElement stage)
        {
            var dropOff = group.GetProperty("dropOff").EnumerateArray().Where(d => Text(d, "stage") == Text(stage, "stage")).Cast<JsonElement?>().SingleOrDefault();
            var reasons = dropOff?.GetProperty("reasons").EnumerateArray().Select(r => (Text(r, "reason"), r.GetProperty("count").GetInt32()));
            return new FunnelLine(Instant(Text(funnel, "from")), Instant(Text(funnel, "to")), asOf,
                Text(group, "key"), group.GetProperty("applications").GetInt32(), group.GetProperty("suppressed").GetBoolean(), Text(stage, "stage"),
                stage.GetProperty("reached").GetInt32(), stage.GetProperty("entered").GetInt32(), Number(stage, "passThrough"),
                Number(stage, "medianHoursInStage"), Number(stage, "p90HoursInStage"), Number(group, "medianDaysToHire"), Number(group, "offerAcceptanceRate"),
                dropOff?.GetProperty("rejected").GetInt32(), dropOff?.GetProperty("withdrawn").GetInt32(), reasons is null ? null : Reasons(reasons));
        }

        return [.. funnel.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("stages").EnumerateArray().Select(s => Line(g, s)))];
    }

    /// <summary>The CSV read with CsvHelper, by column name; an empty cell is null.</summary>
    public static IReadOnlyList<FunnelLine> Lines(string csv)
    {
        using var reader = CsvReader.FromText(csv, CsvReaderOptions.Default);
        var lines = new List<FunnelLine>();
        while (reader.Read())
        {
            string? Text(string column) => reader.GetString(column) is { Length: > 0 } text ? text : null;
            double? Number(string column) => Text(column) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
            int? Count(string column) => Text(column) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
            var reasons = Enum.GetValues<RejectionReason>().Select(r => (Reason: r.ToString().ToConstantCase(), Count: Count($"rejected{r}"))).ToList();
            lines.Add(new FunnelLine(Instant(Text("from")!), Instant(Text("to")!), Text("asOf") is { } asOf ? Instant(asOf) : null,
                Text("group")!, Count("applications")!.Value, bool.Parse(Text("suppressed")!), Text("stage")!, Count("reached")!.Value,
                Count("entered")!.Value, Number("passThrough"), Number("medianHoursInStage"), Number("p90HoursInStage"),
                Number("medianDaysToHire"), Number("offerAcceptanceRate"), Count("rejected"), Count("withdrawn"),
                // A stage without drop-off (HIRED) has empty reason cells; one with it, a count in each.
                reasons.All(r => r.Count is null) ? null : Reasons(reasons.Select(r => (r.Reason, r.Count ?? -1)))));
        }
        return lines;
    }

    private static string Reasons(IEnumerable<(string Reason, int Count)> reasons) =>
        string.Join(",", reasons.Where(r => r.Count != 0).OrderBy(r => r.Reason, StringComparer.Ordinal).Select(r => $"{r.Reason}:{r.Count}"));

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
