namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// One view of the reporting schema: its name, what it holds, each column with what it means (written as comments in
/// the database, where BI tools such as Metabase show them), and its query.
/// </summary>
public sealed record ReportingView(string Name, string Description, IReadOnlyList<ReportingColumn> Columns, string Query);

public sealed record ReportingColumn(string Name, string Description);
