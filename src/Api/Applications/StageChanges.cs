using Marketplace.Api.Infrastructure.GraphQL;

namespace Marketplace.Api.Applications;

public sealed record StageChange(Guid Id, DateTimeOffset At);

/// <summary>An application's <c>changedAt</c>, read for a whole page of applications at once (a board asks for hundreds).</summary>
public sealed class StageChanges(ApplicationReads reads) : BatchLoader<StageChange>(reads.LastChanges, change => change.Id);
