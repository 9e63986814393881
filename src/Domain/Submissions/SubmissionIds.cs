namespace Marketplace.Domain.Submissions;

/// <summary>
/// A submission's stream id is derived from (challenge, candidate, attempt number). Two submissions racing for the
/// same attempt collide on the stream id, so the loser retries as the next attempt or hits the limit: the attempt
/// limit holds without locks.
/// </summary>
public static class SubmissionIds
{
    public static Guid For(Guid challengeId, Guid candidateId, int attempt) =>
        Common.DerivedIds.From($"submission/{challengeId:N}/{candidateId:N}/{attempt}");
}
