using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Common;
using Marketplace.Projections.Submissions;
using Marten;
using System.Linq.Expressions;

namespace Marketplace.Api.Submissions;

/// <summary>
/// The reads of submissions, beside the indexes they rely on (declared on <c>SubmissionView</c> in
/// <c>Hosting/MarketplaceStore.cs</c>; a duplicated column gets Marten's <c>mt_doc_submissionview_idx_&lt;column&gt;</c>).
/// </summary>
public sealed class SubmissionReads(IQuerySession session)
{
    /// <summary>
    /// A candidate's submissions, newest first (<c>_idx_candidate_id</c>, ordered on <c>_idx_submitted_at</c>);
    /// <paramref name="after"/> is the id of the last one the caller has, which must be theirs.
    /// </summary>
    public Task<IReadOnlyList<SubmissionView>> Of(Guid candidate, int first, string? after, CancellationToken cancellation) =>
        Newest(s => s.CandidateId == candidate, first, after, "after must be the id of one of your submissions.", cancellation);

    /// <summary>
    /// The submissions to a challenge, newest first, for its owner (<c>_idx_challenge_id</c>, ordered on
    /// <c>_idx_submitted_at</c>); <paramref name="after"/> is the id of the last one the caller has, which must be one of them.
    /// </summary>
    public Task<IReadOnlyList<SubmissionView>> To(Guid challenge, int first, string? after, CancellationToken cancellation) =>
        Newest(s => s.ChallengeId == challenge, first, after, "after must be the id of one of this challenge's submissions.", cancellation);

    private async Task<IReadOnlyList<SubmissionView>> Newest(Expression<Func<SubmissionView, bool>> whose, int first, string? after, string notOurs,
        CancellationToken cancellation)
    {
        var query = session.Query<SubmissionView>().Where(whose);
        if (after is not null)
        {
            var last = Ids.TryParse(after) is { } lastId ? await session.LoadAsync<SubmissionView>(lastId, cancellation) : null;
            if (last is null || !whose.Compile()(last)) throw new ValidationFailed("after", notOurs);
            query = query.Where(s => s.SubmittedAt < last.SubmittedAt);
        }
        return await query.OrderByDescending(s => s.SubmittedAt).Take(first).ToListAsync(cancellation);
    }
}
