using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Challenges;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Projections.Submissions;

namespace Marketplace.Api.Submissions;

/// <summary>The challenge's <c>submissions</c> field: what candidates sent is this feature's to list, and only to the owner.</summary>
public sealed class ChallengeSubmissionsField : IFieldContributor<ChallengeType>
{
    public void AddFields(ChallengeType challenge) =>
        challenge.Field<ListGraphType<NonNullGraphType<SubmissionType>>>("submissions")
            .Description("Every submission to it, newest first, with feedback and near-copy flags; for its owner only, null to " +
                         "anyone else. `after` takes the id of the last one you have.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c =>
            {
                var first = Paging.PageSize(c.GetArgument<int?>("first"));
                if (!c.Actor().Owns(c.Source.OwnerCompanyId)) return null;
                return (object?)await c.Service<SubmissionReads>().To(c.Source.Id, first, c.GetArgument<string?>("after"), c.CancellationToken);
            });
}
