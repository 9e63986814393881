using Marketplace.Domain.Companies;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Postings;
using Marketplace.Domain.Applications;

namespace Marketplace.Api.Applications;

public sealed record PipelineCount(Stage Stage, ApplicationStatus Status, int Count);

public sealed class PipelineCountType : ObjectGraphType<PipelineCount>
{
    public PipelineCountType()
    {
        Name = "PipelineCount";
        Description = "How many applications of a posting are at a stage with a status.";
        Field<NonNullGraphType<StageType>>("stage").Resolve(c => c.Source.Stage);
        Field<NonNullGraphType<ApplicationStatusType>>("status").Resolve(c => c.Source.Status);
        Field(x => x.Count);
    }
}

/// <summary>The posting's <c>pipeline</c> field: its applications are this feature's to count.</summary>
public sealed class PostingPipelineField : IFieldContributor<PostingType>
{
    public void AddFields(PostingType posting) =>
        posting.Field<ListGraphType<NonNullGraphType<PipelineCountType>>>("pipeline")
            .Description("Active applications per stage and ended ones per status; the owning company only, null to others.")
            .Resolve(c => c.Actor().CompanyFor(CompanyCapabilities.Pipeline) == c.Source.CompanyId
                ? c.Service<PipelineCounts>().Load(c.Source.Id).Then(pipeline => pipeline?.Counts ?? [])
                : null);
}
