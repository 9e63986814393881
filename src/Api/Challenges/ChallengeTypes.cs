using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Challenges;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Companies;

namespace Marketplace.Api.Challenges;

public sealed class ChallengeStatusType : EnumerationGraphType<ChallengeStatus> { public ChallengeStatusType() => Name = "ChallengeStatus"; }

public sealed class DifficultyType : EnumerationGraphType<Difficulty> { public DifficultyType() => Name = "Difficulty"; }

public sealed class CriterionType : ObjectGraphType<Criterion>
{
    public CriterionType()
    {
        Name = "Criterion";
        Field(x => x.Key);
        Field(x => x.Description);
        Field(x => x.Weight);
    }
}

public sealed record RubricView(int Version, IReadOnlyList<Criterion> Criteria);

public sealed class RubricType : ObjectGraphType<RubricView>
{
    public RubricType()
    {
        Name = "Rubric";
        Field(x => x.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CriterionType>>>>("criteria").Resolve(c => c.Source.Criteria);
    }
}

/// <summary>A leaderboard line: the pseudonymous handle, never the name.</summary>
public sealed record LeaderboardEntry(int Rank, string Handle, int BestScore, DateTimeOffset SubmittedAt);

public sealed class LeaderboardEntryType : ObjectGraphType<LeaderboardEntry>
{
    public LeaderboardEntryType()
    {
        Name = "LeaderboardEntry";
        Field(x => x.Rank);
        Field(x => x.Handle);
        Field(x => x.BestScore);
        Field<NonNullGraphType<DateTimeScalar>>("submittedAt").Resolve(c => c.Source.SubmittedAt);
    }
}

public sealed class LeaderboardEdgeType() : EdgeType<LeaderboardEntryType, LeaderboardEntry>("Leaderboard");

public sealed class LeaderboardConnectionType() : ConnectionType<LeaderboardEdgeType, LeaderboardEntry>("Leaderboard");

public sealed class ChallengeType : ObjectGraphType<ChallengeView>
{
    public ChallengeType(IEnumerable<IFieldContributor<ChallengeType>> contributors)
    {
        Name = "Challenge";
        Description = "A practice or hiring challenge for a skill, scored against its rubric.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Version);
        Field<CompanyType>("ownerCompany").Description("The company that owns it; null for the platform's own challenges.")
            .Resolve(c => c.Source.OwnerCompanyId is { } company ? c.Service<DocumentLoader<CompanyView>>().Load(company) : null);
        Field(x => x.Skill);
        Field(x => x.Title);
        Field(x => x.Brief).Description("Markdown.");
        Field<NonNullGraphType<DifficultyType>>("difficulty").Resolve(c => c.Source.Difficulty);
        Field(x => x.MaxAttempts);
        Field<DateTimeScalar>("opensAt").Resolve(c => c.Source.OpensAt);
        Field<DateTimeScalar>("closesAt").Resolve(c => c.Source.ClosesAt);
        Field<NonNullGraphType<RubricType>>("rubric").Resolve(c => new RubricView(c.Source.RubricVersion, c.Source.Rubric));
        Field<NonNullGraphType<ChallengeStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("submissionCount").Description("Submissions not withdrawn; updated within a second.")
            .Resolve(c => c.Service<BatchLoader<ChallengeFigures>>().Load(c.Source.Id).Then(figures => figures?.Submissions ?? 0));
        Field<FloatGraphType>("averageScore").Description("The mean overall score of reviewed submissions.")
            .Resolve(c => c.Service<BatchLoader<ChallengeFigures>>().Load(c.Source.Id).Then(figures => figures?.AverageScore));
        Field<NonNullGraphType<LeaderboardConnectionType>>("leaderboard")
            .Description("Best score per candidate, ties to the earlier submission; handles only.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c =>
            {
                var first = Paging.PageSize(c.GetArgument<int?>("first"));
                var offset = Paging.RankOffset(c.GetArgument<string?>("after"));
                return await c.Service<LeaderboardReads>().Page(c.Source.Id, offset, first, c.CancellationToken);
            });
        foreach (var contributor in contributors) contributor.AddFields(this);
    }
}

public sealed class ChallengeEdgeType() : EdgeType<ChallengeType, ChallengeView>("Challenge");

public sealed class ChallengeConnectionType() : ConnectionType<ChallengeEdgeType, ChallengeView>("Challenge");

public sealed class ChallengeFilter
{
    public string? Skill { get; set; }
    public ChallengeStatus? Status { get; set; }
    public string? CompanyId { get; set; }
    public Difficulty? Difficulty { get; set; }
}

public sealed class ChallengeFilterType : InputObjectGraphType<ChallengeFilter>
{
    public ChallengeFilterType()
    {
        Name = "ChallengeFilter";
        Field<StringGraphType>("skill").Description("A skill slug.");
        Field<ChallengeStatusType>("status").Description("Published and closed challenges are public; drafts only to their owner.");
        Field<IdGraphType>("companyId").Description("The owning company.");
        Field<DifficultyType>("difficulty");
    }
}
