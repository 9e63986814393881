using System.Text.Json;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Analytics;
using Marten;

namespace Marketplace.Api.Analytics;

/// <summary>
/// Reads the timelines a funnel needs: everything submitted before the cohort's end (earlier applications count for
/// the activity view), filtered in SQL on the timeline documents' columns and indexes, never on raw events.
/// </summary>
public static class FunnelTimelines
{
    public static async Task<IReadOnlyList<ApplicationTimeline>> Load(IQuerySession session, DateTimeOffset to, DateTimeOffset? asOf,
        Guid? company, Guid? posting, string? skill, ApplicationSource? source, CancellationToken cancellation)
    {
        var until = asOf is { } at && at < to ? at : to;
        var where = new List<string> { "d.submitted_at < ?" };
        var parameters = new List<object> { until };
        if (company is { } c) { where.Add("d.company_id = ?"); parameters.Add(c); }
        if (posting is { } p) { where.Add("d.posting_id = ?"); parameters.Add(p); }
        if (source is { } s) { where.Add("d.source = ?"); parameters.Add(s.ToString()); }
        if (skill is { Length: > 0 }) { where.Add("d.data @> ?::jsonb"); parameters.Add(JsonSerializer.Serialize(new { Skills = new[] { skill } })); }
        return await session.QueryAsync<ApplicationTimeline>(
            $"select d.data from mt_doc_applicationtimeline d where {string.Join(" and ", where)}", cancellation, [.. parameters]);
    }
}
