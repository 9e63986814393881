namespace Marketplace.Api.Analytics.Pages;

/// <summary>The hiringFunnel answer as the dashboard reads it (field for field, see docs/analytics.md).</summary>
public sealed record FunnelAnswer(DateTimeOffset From, DateTimeOffset To, DateTimeOffset? AsOf, IReadOnlyList<FunnelGroupData> Groups);

public sealed record FunnelGroupData(string Key, int Applications, bool Suppressed, double? MedianDaysToHire, double? OfferAcceptanceRate,
    IReadOnlyList<FunnelStageData> Stages, IReadOnlyList<DropOffData>? DropOff);

public sealed record FunnelStageData(string Stage, int Reached, int Entered, double? PassThrough, double? MedianHoursInStage, double? P90HoursInStage);

public sealed record DropOffData(string Stage, int Rejected, int Withdrawn, IReadOnlyList<ReasonData> Reasons);

public sealed record ReasonData(string Reason, int Count);
