using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marten;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

/// <summary>A candidate's applications to one posting so far: how many, and the latest.</summary>
public sealed record PriorApplications(int Count, Application? Latest);

/// <summary>What the caller gets back: the new application's id.</summary>
public sealed record ApplicationAccepted(Guid ApplicationId);

/// <summary>
/// Applying, directly or through an invitation. The n-th application of a candidate to a posting has a stream id
/// derived from (candidate, posting, n): two applications racing for the same n collide on it, and the retry finds
/// the winner active and answers ALREADY_APPLIED naming it (docs/adr/0010).
/// </summary>
public static class Applying
{
    public static Guid IdFor(Guid candidateId, Guid postingId, int n) => DerivedIds.From($"application/{candidateId:N}/{postingId:N}/{n}");

    public static async Task<PriorApplications> Prior(IDocumentSession session, Guid candidateId, Guid postingId, CancellationToken cancellation)
    {
        var count = 0;
        Application? latest = null;
        while (await session.Events.AggregateStreamAsync<Application>(IdFor(candidateId, postingId, count + 1), token: cancellation) is { } application)
        {
            latest = application;
            count++;
        }
        return new PriorApplications(count, latest);
    }

    public static async Task<IReadOnlyList<Submission?>> Evidence(IDocumentSession session, IReadOnlyList<Guid> ids, CancellationToken cancellation)
    {
        var submissions = new List<Submission?>();
        foreach (var id in ids) submissions.Add(await session.Events.AggregateStreamAsync<Submission>(id, token: cancellation));
        return submissions;
    }

    public static void ValidateInput(string? coverNote, IReadOnlyList<Guid> evidence)
    {
        Input.OptionalText("coverNote", coverNote, ApplicationRules.MaxCoverNote);
        if (evidence.Count > ApplicationRules.MaxEvidence)
            throw new ValidationFailed("evidence", $"Attach at most {ApplicationRules.MaxEvidence} submissions as evidence.");
        if (evidence.Distinct().Count() != evidence.Count) throw new ValidationFailed("evidence", "Evidence names a submission twice.");
    }

    public static (ApplicationAccepted, IStartStream) Decide(Guid candidateId, Posting? posting, PriorApplications prior,
        IReadOnlyList<Guid> evidenceIds, IReadOnlyList<Submission?> evidence, ApplicationSource source, string? coverNote,
        Guid? invitationId, DateTimeOffset now, Guid postingId)
    {
        if (posting is null || posting.Status == PostingStatus.Draft) throw new NotFound("Posting", postingId);
        if (prior.Latest is { IsActive: true } active) throw new AlreadyApplied(active.Id);
        if (prior.Latest is { Status: not ApplicationStatus.Withdrawn } ended)
            throw new RuleViolation($"Your application to this posting has ended ({ended.Status}); only a withdrawn application can be renewed.");
        if (posting.Status != PostingStatus.Open) throw new RuleViolation("The posting is not open for applications.");
        if (evidence.Any(s => s is null || s.CandidateId != candidateId || s.Status == SubmissionStatus.Withdrawn))
            throw new ValidationFailed("evidence", "Evidence must be your own submissions that you have not withdrawn.");

        var id = IdFor(candidateId, posting.Id, prior.Count + 1);
        var submitted = new ApplicationSubmitted(id, posting.Id, posting.CompanyId, candidateId, source, coverNote, evidenceIds,
            posting.Details.Skills, posting.Details.BlindReview, invitationId, now);
        return (new ApplicationAccepted(id), MartenOps.StartStream<Application>(id, submitted));
    }
}
