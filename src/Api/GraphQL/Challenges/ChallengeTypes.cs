using GraphQL.Types;
using Marketplace.Api.GraphQL.Common;

namespace Marketplace.Api.GraphQL.Challenges;

/// <summary>
/// The challenge as far as the skill hub needs it today. The challenge aggregate and its read model come with the
/// challenges feature, which replaces this record with its projection document.
/// </summary>
public sealed record ChallengeSummary(Guid Id, string Title, string Skill);

public sealed class ChallengeType : ObjectGraphType<ChallengeSummary>
{
    public ChallengeType()
    {
        Name = "Challenge";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Title);
        Field(x => x.Skill);
    }
}

public sealed class ChallengeEdgeType() : EdgeType<ChallengeType, ChallengeSummary>("Challenge");

public sealed class ChallengeConnectionType() : ConnectionType<ChallengeEdgeType, ChallengeSummary>("Challenge");
