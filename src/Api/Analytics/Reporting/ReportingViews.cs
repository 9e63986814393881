using Marketplace.Domain.Applications;
using static Marketplace.Api.Analytics.Reporting.ReportingFacts;

namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// The views of the reporting schema (docs/analytics.md, "Reporting schema for BI tools"). Keys are ids, slugs, days,
/// months, skills and sources; no view has a column about a person, an application's id or a candidate's. Counts stay
/// for every group, as in <c>hiringFunnel</c>; time figures are null for a group under five applications.
/// </summary>
public static class ReportingViews
{
    public const string Schema = "reporting";

    private static readonly ReportingColumn[] DailyKeys =
    [
        new("day", "UTC day the applications were submitted"),
        new("company_id", "company of the posting"),
        new("posting_id", "posting applied to"),
        new("source", "DIRECT or INVITATION"),
    ];

    private static readonly ReportingColumn[] DailyCounts =
    [
        new("applications", "applications submitted that day"),
        .. Enum.GetValues<Stage>().Select(s => new ReportingColumn($"reached_{Column(s)}",
            $"of them, those whose furthest stage is {s.ToString().ToUpperInvariant()} or later (a skipped stage counts as passed)")),
        new("rejected", "of them, those rejected (at any stage)"),
        new("withdrawn", "of them, those withdrawn by the candidate"),
        new("offers_declined", "of them, those that declined an offer"),
        new("closed", "of them, those closed because the posting closed"),
    ];

    private static readonly ReportingColumn[] MonthlyKeys =
    [
        new("month", "first day of the UTC month the applications were submitted in (the cohort)"),
        new("grouped_by", "the level of this row: all, company, posting, source, company_source, skill or company_skill; keys it does not group by are null"),
        new("company_id", "company, at the levels company, posting, company_source, company_skill"),
        new("posting_id", "posting, at the level posting"),
        new("skill", "skill slug, at the levels skill and company_skill"),
        new("source", "DIRECT or INVITATION, at the levels source and company_source"),
    ];

    private static readonly ReportingColumn Suppression =
        new("suppressed", $"true when the group has fewer than {FunnelCalculator.MinimumGroupSize} applications: its time figures are null");

    public static IReadOnlyList<ReportingView> All(string documents)
    {
        var timelines = $"{documents}.mt_doc_applicationtimeline";
        var counts = string.Join(",\n       ", [
            "count(*)::int as applications",
            .. Enum.GetValues<Stage>().Select(s => $"(count(*) filter (where furthest >= {(int)s}))::int as reached_{Column(s)}"),
            $"(count(*) filter (where outcome = {Stored(ApplicationStatus.Rejected)}))::int as rejected",
            $"(count(*) filter (where outcome = {Stored(ApplicationStatus.Withdrawn)}))::int as withdrawn",
            $"(count(*) filter (where outcome = {Stored(ApplicationStatus.OfferDeclined)}))::int as offers_declined",
            $"(count(*) filter (where outcome = {Stored(ApplicationStatus.Closed)}))::int as closed"]);
        var stays = string.Join(",\n       ", [
            "count(*)::int as applications",
            .. Left.SelectMany(s => new[]
            {
                $"count({Column(s)}_hours)::int as {Column(s)}_stays",
                $"{Suppressed(0.5, $"{Column(s)}_hours")} as {Column(s)}_median",
                $"{Suppressed(0.9, $"{Column(s)}_hours")} as {Column(s)}_p90",
            })]);
        var hires = $"count(*)::int as applications, count(days_to_hire)::int as hires, {Suppressed(0.5, "days_to_hire")} as median_days_to_hire";

        return
        [
            new("funnel_daily", "Applications per UTC day of submission, company, posting and source, with how far they got and how they ended (counts only; sum them freely).",
                [.. DailyKeys, .. DailyCounts],
                $"""
                with applications as ({ApplicationFacts(timelines)})
                select day, company_id, posting_id, source,
                       {counts}
                  from applications
                 group by day, company_id, posting_id, source
                """),
            new("funnel_daily_by_skill", "funnel_daily per skill too: an application of a posting with two skills counts under both, so sum over days, postings or sources, never over skills.",
                [.. DailyKeys[..3], new("skill", "skill slug (the posting's skills when the application was submitted)"), DailyKeys[3], .. DailyCounts],
                $"""
                with applications as ({ApplicationFacts(timelines)})
                select day, company_id, posting_id, skill, source,
                       {counts}
                  from applications cross join lateral jsonb_array_elements_text(applications.skills) as skill
                 group by day, company_id, posting_id, skill, source
                """),
            new("drop_off_daily", "Applications that ended rejected or withdrawn, per UTC day of submission, company, posting, source, the stage they ended at and the rejection reason.",
                [.. DailyKeys, new("outcome", "REJECTED or WITHDRAWN"), new("stage", "stage the application ended at"),
                    new("reason", "rejection reason (OTHER when none was given); null for withdrawals"), new("applications", "how many")],
                $"""
                with applications as ({ApplicationFacts(timelines)})
                select day, company_id, posting_id, source, {Shown("outcome")} as outcome, {Shown("ended_at_stage")} as stage,
                       case when outcome = {Stored(ApplicationStatus.Rejected)} then coalesce({Shown("reason")}, 'OTHER') end as reason,
                       count(*)::int as applications
                  from applications
                 where outcome in ({Stored(ApplicationStatus.Rejected)}, {Stored(ApplicationStatus.Withdrawn)})
                 group by 1, 2, 3, 4, 5, 6, 7
                """),
            new("stage_stays", "Completed stays per stage (entered, then left) of each month's applications, at several levels: median and 90th percentile in hours, null for a group under five applications.",
                [.. MonthlyKeys, new("stage", "APPLIED, SCREENING, INTERVIEW or OFFER"), new("stage_order", "1 for APPLIED to 4 for OFFER, to sort stages"),
                    new("applications", "applications of the group (submitted that month)"), new("stays", "completed stays in the stage"),
                    new("median_hours", "median hours of the completed stays (linear interpolation, as PERCENTILE.INC)"),
                    new("p90_hours", "90th percentile hours of the completed stays"), Suppression],
                $"""
                with stays as ({StayFacts(timelines)}),
                levels as ({Levels("stays", stays)})
                select levels.month, levels.grouped_by, levels.company_id, levels.posting_id, levels.skill, levels.source,
                       stage.name as stage, stage.stage_order, levels.applications, stage.stays, stage.median_hours, stage.p90_hours,
                       levels.applications < {FunnelCalculator.MinimumGroupSize} as suppressed
                  from levels cross join lateral (values
                       {string.Join(",\n       ", Left.Select(s => $"('{s.ToString().ToUpperInvariant()}', {(int)s + 1}, levels.{Column(s)}_stays, levels.{Column(s)}_median, levels.{Column(s)}_p90)"))}
                       ) as stage(name, stage_order, stays, median_hours, p90_hours)
                """),
            new("time_to_hire", "Days from submission to hire of each month's applications, at the levels of stage_stays: the median is null for a group under five applications.",
                [.. MonthlyKeys, new("applications", "applications of the group (submitted that month)"), new("hires", "of them, those hired"),
                    new("median_days_to_hire", "median days from submission to hire"), Suppression],
                $"""
                with stays as ({StayFacts(timelines)}),
                levels as ({Levels("stays", hires)})
                select month, grouped_by, company_id, posting_id, skill, source, applications, hires, median_days_to_hire,
                       applications < {FunnelCalculator.MinimumGroupSize} as suppressed
                  from levels
                """),
            new("companies", "Approved companies: what their public pages show.",
                [new("company_id", "company"), new("slug", "the company's public slug"), new("name", "the company's name")],
                $"""
                select c.id as company_id, c.data ->> 'Slug' as slug, c.data ->> 'Name' as name
                  from {documents}.mt_doc_companyview c
                 where not coalesce((c.data ->> 'AwaitingApproval')::boolean, false)
                """),
            new("postings", "Postings that have been published: what the public board shows of them.",
                [new("posting_id", "posting"), new("company_id", "company"), new("title", "title"), new("role", "career path"),
                    new("seniority", "JUNIOR to PRINCIPAL"), new("remote_policy", "REMOTE, HYBRID or ONSITE"), new("skills", "skill slugs"),
                    new("status", "OPEN or CLOSED"), new("close_reason", "FILLED, CANCELLED or EXPIRED when closed"),
                    new("published_at", "when it was first published"), new("expires_on", "the day it closes by itself")],
                $"""
                select p.id as posting_id, p.company_id, p.data ->> 'Title' as title, p.data ->> 'Role' as role,
                       {Shown("p.data ->> 'Seniority'")} as seniority, {Shown("p.data ->> 'RemotePolicy'")} as remote_policy,
                       array(select jsonb_array_elements_text(p.data -> 'Skills')) as skills, {Shown("p.status")} as status,
                       {Shown("p.data ->> 'CloseReason'")} as close_reason, (p.data ->> 'PublishedAt')::timestamptz as published_at,
                       (p.data ->> 'ExpiresOn')::date as expires_on
                  from {documents}.mt_doc_postingview p
                 where p.data ->> 'PublishedAt' is not null
                """),
        ];
    }
}
