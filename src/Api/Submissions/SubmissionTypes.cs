using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Candidates;
using Marketplace.Api.Challenges;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Marketplace.Projections.Challenges;
using Marketplace.Projections.Submissions;
using Marketplace.Domain.Candidates;
using Marten;

namespace Marketplace.Api.Submissions;

public sealed class SubmissionStatusType : EnumerationGraphType<SubmissionStatus> { public SubmissionStatusType() => Name = "SubmissionStatus"; }

public sealed class FlagReasonType : EnumerationGraphType<FlagReason>
{
    public FlagReasonType()
    {
        Name = "FlagReason";
        Description = "Which check found a near-copy: LITERAL, the same wording; MEANING, the same passages in other words.";
    }
}

public sealed class CriterionScoreType : ObjectGraphType<CriterionFeedback>
{
    public CriterionScoreType()
    {
        Name = "CriterionScore";
        Field(x => x.Key);
        Field(x => x.Score).Description("0 to 100.");
        Field(x => x.Comment).Description("What to do to improve on this criterion.");
    }
}

public sealed class FeedbackType : ObjectGraphType<FeedbackView>
{
    public FeedbackType()
    {
        Name = "Feedback";
        Field(x => x.Reviewer).Description("Which reviewer scored it: semantic-v1 (by meaning, on the machine), rubric-v1 (rules) or ai:<model>.");
        Field(x => x.RubricVersion).Description("The rubric version it was scored against.");
        Field(x => x.OverallScore).Description("The weighted mean of the criterion scores, 0 to 100.");
        Field(x => x.Summary);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CriterionScoreType>>>>("criteria").Resolve(c => c.Source.Criteria);
    }
}

public sealed class SubmissionType : ObjectGraphType<SubmissionView>
{
    public SubmissionType()
    {
        Name = "Submission";
        Description = "One attempt at a challenge; visible to its candidate and to the challenge's owner.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Version);
        Field<NonNullGraphType<ChallengeType>>("challenge").Resolve(c => c.Service<DocumentLoader<ChallengeView>>().Load(c.Source.ChallengeId));
        Field(x => x.Attempt);
        Field<NonNullGraphType<SubmissionStatusType>>("status").Resolve(c => c.Source.Status);
        Field(x => x.Content, nullable: true).Description("Markdown.");
        Field(x => x.RepositoryUrl, nullable: true);
        Field<NonNullGraphType<DateTimeScalar>>("submittedAt").Resolve(c => c.Source.SubmittedAt);
        Field<FeedbackType>("feedback").Resolve(c => c.Source.Feedback);
        Field(x => x.FailureReason, nullable: true).Description("Why feedback could not be produced, when status is FEEDBACK_FAILED.");
        Field(x => x.Flagged).Description("Near-identical to another candidate's submission; the challenge's owner decides.");
        Field(x => x.Similarity, nullable: true)
            .Description("How near the copy is: the Jaccard of word 5-grams for LITERAL, the share of the work said again for MEANING.");
        // Views of flags raised before the meaning check have no reason: the wording was all it compared.
        Field<FlagReasonType>("flagReason").Description("Which check flagged it; null when not flagged.")
            .Resolve(c => c.Source.Flagged ? c.Source.FlagReason ?? FlagReason.Literal : null);
        Field<IntGraphType>("leaderboardPosition")
            .Description("Where the candidate stands on the challenge's leaderboard with this submission's score counted: 1 + the " +
                         "candidates ahead (a better best score, or the same one earlier). Null until it is scored.")
            .Resolve(c => c.Source.Feedback is null ? null
                : c.Service<LeaderboardReads>().Position(c.Source.ChallengeId, c.Source.CandidateId, c.Source.Feedback.OverallScore, c.Source.SubmittedAt));
        Field<BooleanGraphType>("flagConfirmed").Description("The owner's decision on the flag: true confirmed, false dismissed, null pending.")
            .Resolve(c => c.Source.FlagConfirmed);
        Field<StringGraphType>("flagNote").Description("The note the owner gave with the decision; the owner's only.")
            .Resolve(c => c.Actor().Owns(c.Source.OwnerCompanyId) ? c.Source.FlagNote : null);
        Field<SubmissionType>("similarTo").Description("The submission a flagged one is nearly identical to, when you may see it (the owner).")
            .ResolveAsync(async c => c.Source.SimilarTo is { } other &&
                                     await c.Service<IQuerySession>().LoadAsync<SubmissionView>(other, c.CancellationToken) is { } found &&
                                     SubmissionAccess.Visible(found, c.Actor())
                ? found
                : null);
        Field<NonNullGraphType<CandidateCardType>>("candidate").Description("Handle only: whose work it is, pseudonymously.")
            .Resolve(c => new CandidateCard(Handles.For(c.Source.CandidateId), null, null, null));
    }
}

public static class SubmissionAccess
{
    /// <summary>The candidate who submitted it and the challenge's owner; nobody else.</summary>
    public static bool Visible(SubmissionView submission, Actor actor) =>
        (actor.Role == Roles.Candidate && actor.Subject == submission.CandidateId) || actor.Owns(submission.OwnerCompanyId);
}
