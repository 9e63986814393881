using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Challenges;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Postings;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Skills;

namespace Marketplace.Api.Skills;

public sealed class FaqEntryType : ObjectGraphType<FaqEntry>
{
    public FaqEntryType()
    {
        Name = "FaqEntry";
        Field(x => x.Question);
        Field(x => x.Answer);
    }
}

public sealed class SkillType : ObjectGraphType<Skill>
{
    public SkillType()
    {
        Name = "Skill";
        Description = "A technical skill's hub: what it is, why it matters, and its open postings and challenges.";
        Field(x => x.Slug);
        Field(x => x.Name);
        Field(x => x.Summary);
        Field(x => x.WhatItIs);
        Field(x => x.WhyItMatters);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("careerPaths").Resolve(c => c.Source.CareerPaths);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FaqEntryType>>>>("faq").Resolve(c => c.Source.Faq);
        Field<NonNullGraphType<PostingConnectionType>>("openPostings")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c => await c.Service<PostingReads>().Search(
                new PostingQuery { Skill = c.Source.Slug, Status = PostingStatus.Open },
                c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.Actor(), c.CancellationToken));
        Field<NonNullGraphType<IntGraphType>>("openPostingCount")
            .Description("Open postings that ask for this skill.")
            .ResolveAsync(async c => await c.Service<SkillReads>().OpenPostings(c.Source.Slug, c.CancellationToken));
        Field<NonNullGraphType<ChallengeConnectionType>>("openChallenges")
            .Description("Published challenges for this skill, newest first.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c => await c.Service<ChallengeReads>().Search(
                new ChallengeFilter { Skill = c.Source.Slug, Status = ChallengeStatus.Published },
                c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.Actor(), c.CancellationToken));
        Field<NonNullGraphType<IntGraphType>>("openChallengeCount")
            .Description("Published challenges for this skill.")
            .ResolveAsync(async c => await c.Service<SkillReads>().OpenChallenges(c.Source.Slug, c.CancellationToken));
    }
}
