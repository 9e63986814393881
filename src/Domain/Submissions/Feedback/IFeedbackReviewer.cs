using Marketplace.Domain.Challenges;

namespace Marketplace.Domain.Submissions.Feedback;

/// <summary>
/// What a reviewer gets to read: the challenge's brief and rubric and the candidate's work; with the vectors of the work's
/// passages (<see cref="Passages.Of"/>, in order) when the feedback job has encoded them already, for its copy check; and
/// <see cref="AnswerBy"/>, when a reviewer with a slower and a quicker way should take the quicker one if the slower would
/// answer later.
/// </summary>
public sealed record ReviewRequest(
    Guid SubmissionId,
    string ChallengeTitle,
    string Brief,
    int RubricVersion,
    IReadOnlyList<Criterion> Criteria,
    string? Content,
    string? RepositoryUrl,
    IReadOnlyList<float[]>? PassageVectors = null,
    DateTimeOffset? AnswerBy = null);

/// <summary>A score from 0 to 100 for one criterion, with a comment the candidate can act on.</summary>
public sealed record CriterionFeedback(string Key, int Score, string Comment);

/// <summary>
/// A finished review. <see cref="OverallScore"/> is the weighted mean of the criterion scores (see
/// <see cref="Scoring.Overall"/>), rounded to a whole number.
/// </summary>
public sealed record Review(string Reviewer, int RubricVersion, int OverallScore, string Summary, IReadOnlyList<CriterionFeedback> Criteria);

/// <summary>The seam between the feedback pipeline and whoever scores the work: rules or a language model.</summary>
public interface IFeedbackReviewer
{
    Task<Review> ReviewAsync(ReviewRequest request, CancellationToken cancellation);
}

/// <summary>The reviewer could not produce a valid review this time (outage, timeout, malformed answer); the job retries.</summary>
public sealed class ReviewUnavailable(string message, Exception? inner = null) : Exception(message, inner);

public static class Scoring
{
    /// <summary>The weighted mean of the criterion scores, rounded half away from zero, clamped to 0–100.</summary>
    public static int Overall(IReadOnlyList<Criterion> criteria, IReadOnlyList<CriterionFeedback> scores)
    {
        var byKey = scores.ToDictionary(s => s.Key);
        var total = criteria.Sum(c => c.Weight * byKey[c.Key].Score);
        var weights = criteria.Sum(c => c.Weight);
        return Math.Clamp((int)Math.Round(weights > 0 ? total / weights : 0, MidpointRounding.AwayFromZero), 0, 100);
    }
}
