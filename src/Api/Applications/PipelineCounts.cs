using Marketplace.Api.Infrastructure.GraphQL;

namespace Marketplace.Api.Applications;

public sealed record PostingPipeline(Guid PostingId, List<PipelineCount> Counts);

/// <summary>A posting's <c>pipeline</c>, read for every posting of a request at once (the workspace lists fifty).</summary>
public sealed class PipelineCounts(ApplicationReads reads) : BatchLoader<PostingPipeline>(reads.Pipelines, pipeline => pipeline.PostingId);
