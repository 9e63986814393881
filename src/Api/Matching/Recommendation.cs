using Marketplace.Projections.Postings;

namespace Marketplace.Api.Matching;

/// <summary>A criterion of the challenge that the candidate did well on, with the rubric's words for it.</summary>
public sealed record MatchedCriterion(string Key, string Description, int Score);

/// <summary>
/// Why a candidate and a posting match: a passage of the candidate's reviewed work beside the posting's passage it is
/// closest to in meaning, with the challenge it answered and the criteria of it that scored well (the one whose
/// feedback quoted this passage first).
/// </summary>
public sealed record MatchReason(Guid SubmissionId, Guid ChallengeId, string ChallengeTitle, int SubmissionScore, string Passage,
    string PostingPassage, float Similarity, IReadOnlyList<MatchedCriterion> Criteria);

/// <summary>An open posting recommended to a candidate: its similarity to the candidate's vector, and the reasons.</summary>
public sealed record PositionRecommendation(PostingView Posting, float Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>
/// A discoverable candidate recommended for a posting, as blind review allows before an interview: the pseudonymous
/// handle, never the name or the email. The score is the similarity weighed by the candidate's best reviewed score.
/// </summary>
public sealed record CandidateRecommendation(Guid CandidateId, string Handle, float Score, int BestScore, IReadOnlyList<MatchReason> Reasons);
