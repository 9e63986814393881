using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Applications;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Applications;

namespace Marketplace.Api.Analytics;

public sealed class FunnelGroupByType : EnumerationGraphType<FunnelGroupBy> { public FunnelGroupByType() => Name = "FunnelGroupBy"; }

public sealed class FunnelFilter
{
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string? CompanyId { get; set; }
    public string? PostingId { get; set; }
    public string? Skill { get; set; }
    public ApplicationSource? Source { get; set; }
    public DateTimeOffset? AsOf { get; set; }
    public bool? CompletedOnly { get; set; }
    public FunnelGroupBy? GroupBy { get; set; }
}

public sealed class FunnelFilterType : InputObjectGraphType<FunnelFilter>
{
    public FunnelFilterType()
    {
        Name = "FunnelFilter";
        Description = "The cohort: applications submitted in [from, to), narrowed by the other fields.";
        Field<NonNullGraphType<DateTimeScalar>>("from");
        Field<NonNullGraphType<DateTimeScalar>>("to");
        Field<IdGraphType>("companyId");
        Field<IdGraphType>("postingId");
        Field<StringGraphType>("skill");
        Field<ApplicationSourceType>("source");
        Field<DateTimeScalar>("asOf").Description("Answer as the funnel stood at this moment: only what had happened by then counts.");
        Field<BooleanGraphType>("completedOnly").Description("Only applications that had ended (hired, rejected, withdrawn, closed, offer declined).");
        Field<FunnelGroupByType>("groupBy");
    }
}

public sealed class FunnelStageType : ObjectGraphType<FunnelStage>
{
    public FunnelStageType()
    {
        Name = "FunnelStage";
        Field<NonNullGraphType<StageType>>("stage").Resolve(c => c.Source.Stage);
        Field(x => x.Reached).Description("Cohort applications whose furthest stage is this one or later (skipped stages count as passed).");
        Field(x => x.Entered).Description("Moves into this stage whose time falls in [from, to), of the group's applications (activity view).");
        Field(x => x.PassThrough, nullable: true).Description("reached(next stage) / reached(this stage).");
        Field(x => x.MedianHoursInStage, nullable: true).Description("Over completed stays: entered, then left. Null for small groups.");
        Field(x => x.P90HoursInStage, nullable: true);
    }
}

public sealed class ReasonCountType : ObjectGraphType<ReasonCount>
{
    public ReasonCountType()
    {
        Name = "ReasonCount";
        Field<NonNullGraphType<RejectionReasonType>>("reason").Resolve(c => c.Source.Reason);
        Field(x => x.Count);
    }
}

public sealed class DropOffType : ObjectGraphType<DropOff>
{
    public DropOffType()
    {
        Name = "DropOff";
        Field<NonNullGraphType<StageType>>("stage").Resolve(c => c.Source.Stage);
        Field(x => x.Rejected);
        Field(x => x.Withdrawn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReasonCountType>>>>("reasons").Resolve(c => c.Source.Reasons);
    }
}

public sealed class FunnelGroupType : ObjectGraphType<FunnelGroup>
{
    public FunnelGroupType()
    {
        Name = "FunnelGroup";
        Field(x => x.Key).Description("A posting or company id, a skill, a source, or a period (2026-11-26, 2026-W48, 2026-11); 'all' ungrouped.");
        Field(x => x.Applications);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FunnelStageType>>>>("stages").Resolve(c => c.Source.Stages);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DropOffType>>>>("dropOff").Resolve(c => c.Source.DropOff);
        Field(x => x.MedianDaysToHire, nullable: true);
        Field(x => x.OfferAcceptanceRate, nullable: true).Description("accepted / (accepted + declined).");
        Field(x => x.Suppressed).Description($"Fewer than {FunnelCalculator.MinimumGroupSize} applications: time figures are withheld.");
    }
}

public sealed class HiringFunnelType : ObjectGraphType<HiringFunnel>
{
    public HiringFunnelType()
    {
        Name = "HiringFunnel";
        Field<NonNullGraphType<DateTimeScalar>>("from").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DateTimeScalar>>("to").Resolve(c => c.Source.To);
        Field<DateTimeScalar>("asOf").Resolve(c => c.Source.AsOf);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FunnelGroupType>>>>("groups").Resolve(c => c.Source.Groups);
    }
}

public sealed class FunnelDownloadType : ObjectGraphType<FunnelDownload>
{
    public FunnelDownloadType()
    {
        Name = "FunnelDownload";
        Field(x => x.Url).Description("GET it without a token before expiresAt: the CSV of hiringFunnel's answer to the same filter.");
        Field<NonNullGraphType<DateTimeScalar>>("expiresAt").Description("After this moment the link is refused: ask for a new one.").Resolve(c => c.Source.ExpiresAt);
    }
}

public static class FunnelQueries
{
    public static void AddFunnel(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<HiringFunnelType>>("hiringFunnel")
            .Description("Hiring-funnel analytics (docs/analytics.md): analysts, and company members for their own company.")
            .Argument<NonNullGraphType<FunnelFilterType>>("filter")
            .ResolveAsync(async c => await FunnelQuestion.Of(c.Actor(), c.GetArgument<FunnelFilter>("filter"))
                .Answer(c.Service<FunnelIndex>(), c.CancellationToken));
        query.Field<NonNullGraphType<FunnelDownloadType>>("hiringFunnelCsv")
            .Description("hiringFunnel's answer to the same filter as a CSV file (docs/analytics.md), for the same callers: a link that works without a token for 5 minutes.")
            .Argument<NonNullGraphType<FunnelFilterType>>("filter")
            .Resolve(c => c.Service<FunnelLinks>().Link(FunnelQuestion.Of(c.Actor(), c.GetArgument<FunnelFilter>("filter")),
                Companies.TeamOperations.Site(c)));
    }
}
