using GraphQL.Types;
using Marketplace.Api.Postings;

namespace Marketplace.Api.Matching;

public sealed class MatchedCriterionType : ObjectGraphType<MatchedCriterion>
{
    public MatchedCriterionType()
    {
        Name = "MatchedCriterion";
        Description = "A rubric criterion the candidate's work scored well on.";
        Field(x => x.Key);
        Field(x => x.Description);
        Field(x => x.Score).Description("The criterion's score, 0 to 100.");
    }
}

public sealed class MatchReasonType : ObjectGraphType<MatchReason>
{
    public MatchReasonType()
    {
        Name = "MatchReason";
        Description = "Why a candidate and a posting match: a passage of the candidate's reviewed work and the posting's passage closest to it in meaning.";
        Field<NonNullGraphType<IdGraphType>>("submissionId").Resolve(c => c.Source.SubmissionId);
        Field<NonNullGraphType<IdGraphType>>("challengeId").Resolve(c => c.Source.ChallengeId);
        Field(x => x.ChallengeTitle);
        Field(x => x.SubmissionScore).Description("The submission's overall score, 0 to 100.");
        Field(x => x.Passage).Description("The candidate's words.");
        Field(x => x.PostingPassage).Description("The posting's words.");
        Field(x => x.Similarity).Description("Cosine similarity of the two passages' sentence embeddings, -1 to 1.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MatchedCriterionType>>>>("criteria")
            .Description("The criteria of the challenge the work scored 60 or more on; the one whose feedback quoted this passage first.")
            .Resolve(c => c.Source.Criteria);
    }
}

public sealed class PositionRecommendationType : ObjectGraphType<PositionRecommendation>
{
    public PositionRecommendationType()
    {
        Name = "PositionRecommendation";
        Description = "An open posting recommended to you, with the reasons.";
        Field<NonNullGraphType<PostingType>>("posting").Resolve(c => c.Source.Posting);
        Field(x => x.Score).Description("Similarity of the posting to your reviewed work and profile, -1 to 1.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MatchReasonType>>>>("reasons").Resolve(c => c.Source.Reasons);
    }
}

public sealed class CandidateRecommendationType : ObjectGraphType<CandidateRecommendation>
{
    public CandidateRecommendationType()
    {
        Name = "CandidateRecommendation";
        Description = "A discoverable candidate recommended for a posting, by handle only (blind review), with the reasons.";
        Field<NonNullGraphType<IdGraphType>>("candidateId").Resolve(c => c.Source.CandidateId);
        Field(x => x.Handle);
        Field(x => x.Score).Description("Similarity to the posting, weighed by the candidate's best reviewed score.");
        Field(x => x.BestScore).Description("The candidate's best reviewed score, 0 to 100.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MatchReasonType>>>>("reasons").Resolve(c => c.Source.Reasons);
    }
}
