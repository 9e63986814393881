using Marketplace.Domain.Applications;

namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// The SQL the reporting views share: one row per application timeline, read from the documents the funnel reads, with
/// the funnel's definitions (docs/analytics.md) and nothing about the person. Enum values are stored by name
/// (<c>OfferDeclined</c>) and shown as the GraphQL API shows them (<c>OFFER_DECLINED</c>).
/// </summary>
public static class ReportingFacts
{
    /// <summary>The stages a stay can be completed in: HIRED is never left.</summary>
    public static readonly Stage[] Left = [.. Enum.GetValues<Stage>().Where(s => s != Stage.Hired)];

    /// <summary>An enum value as a SQL literal, as the documents store it.</summary>
    public static string Stored<T>(T value) where T : struct, Enum => $"'{value}'";

    /// <summary>A column name for a stage: <c>screening</c>.</summary>
    public static string Column(Stage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>An enum's stored name turned into the API's: <c>OfferDeclined</c> → <c>OFFER_DECLINED</c>.</summary>
    public static string Shown(string expression) => $@"upper(regexp_replace({expression}, '([a-z])([A-Z])', '\1_\2', 'g'))";

    /// <summary>A stage's place in the order APPLIED = 0 … HIRED = 4; null for a name that is none of them.</summary>
    private static string Order(string expression) =>
        $"array_position(array[{string.Join(", ", Enum.GetValues<Stage>().Select(s => Stored(s)))}], {expression}) - 1";

    /// <summary>
    /// One row per application for the daily counts: the UTC day it was submitted, its keys, how it ended and the
    /// furthest stage it entered (a skipped stage is passed).
    /// </summary>
    public static string ApplicationFacts(string timelines) => $"""
        select (t.submitted_at at time zone 'UTC')::date as day, t.company_id, t.posting_id, {Shown("t.source")} as source,
               t.data -> 'Skills' as skills, t.data ->> 'Outcome' as outcome, t.data ->> 'EndedAtStage' as ended_at_stage,
               t.data ->> 'Reason' as reason,
               (select max({Order("entry ->> 'Stage'")}) from jsonb_array_elements(t.data -> 'Entries') as entry) as furthest
          from {timelines} t
        """;

    /// <summary>
    /// One row per application for the time figures: the UTC month it was submitted, its keys, the hours of each
    /// completed stay (entered, then left by the next entry or by the ending; null otherwise) and the days to hire.
    /// Entries come in time order, entries at the same time in stage order, and a stage entered twice keeps its later
    /// time, as in <see cref="FunnelFact"/>; the next entry is worked out from each stage's time, without sorting.
    /// </summary>
    public static string StayFacts(string timelines) => $"""
        select date_trunc('month', t.submitted_at at time zone 'UTC')::date as month, t.company_id, t.posting_id,
               {Shown("t.source")} as source, t.data -> 'Skills' as skills,
               {string.Join(",\n       ", Left.Select(s => $"extract(epoch from coalesce({Next(s)}, (t.data ->> 'EndedAt')::timestamptz) - entered.{Column(s)})::float8 / 3600 as {Column(s)}_hours"))},
               case when t.data ->> 'Outcome' = {Stored(ApplicationStatus.Hired)}
                    then extract(epoch from (t.data ->> 'EndedAt')::timestamptz - t.submitted_at)::float8 / 86400 end as days_to_hire
          from {timelines} t
         cross join lateral (
               select {string.Join(", ", Enum.GetValues<Stage>().Select(s => $"max(at) filter (where stage = {(int)s}) as {Column(s)}"))}
                 from (select {Order("entry ->> 'Stage'")} as stage, (entry ->> 'At')::timestamptz as at
                         from jsonb_array_elements(t.data -> 'Entries') as entry) as entries) as entered
        """;

    /// <summary>When the entry after a stage's came: the earliest of the entries later in (time, stage) order; null for none.</summary>
    private static string Next(Stage stage) =>
        $"least({string.Join(", ", Enum.GetValues<Stage>().Where(other => other != stage).Select(other =>
            $"case when (entered.{Column(other)}, {(int)other}) > (entered.{Column(stage)}, {(int)stage}) then entered.{Column(other)} end"))})";

    /// <summary>
    /// The groups the time figures come in, each with its own suppression: per month for everything, per company, per
    /// posting, per source, per company and source, per skill, per company and skill. Keys a level does not group by
    /// are null; <c>grouped_by</c> names the level. An application counts once in every level, and in each of its skills.
    /// </summary>
    public static string Levels(string facts, string aggregates) => $"""
        select month,
               case grouping(company_id, posting_id, source) when 7 then 'all' when 3 then 'company' when 1 then 'posting'
                    when 6 then 'source' else 'company_source' end as grouped_by,
               company_id, posting_id, null::text as skill, source, {aggregates}
          from {facts}
         group by grouping sets ((month), (month, company_id), (month, company_id, posting_id), (month, source), (month, company_id, source))
        union all
        select month, case grouping(company_id) when 1 then 'skill' else 'company_skill' end,
               company_id, null::uuid, skill, null::text, {aggregates}
          from {facts} cross join lateral jsonb_array_elements_text({facts}.skills) as skill
         group by grouping sets ((month, skill), (month, company_id, skill))
        """;

    /// <summary>A time figure of a group, null when the group has fewer than <see cref="FunnelCalculator.MinimumGroupSize"/> applications.</summary>
    public static string Suppressed(double percentile, string values) =>
        $"case when count(*) >= {FunnelCalculator.MinimumGroupSize} " +
        $"then round((percentile_cont({percentile.ToString(System.Globalization.CultureInfo.InvariantCulture)}) within group (order by {values}))::numeric, 2) end";
}
