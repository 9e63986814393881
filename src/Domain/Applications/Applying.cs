using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marten;
using Marten.Services.BatchQuerying;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

/// <summary>A candidate's applications to one posting so far: how many, and the latest.</summary>
public sealed record PriorApplications(int Count, Application? Latest);

/// <summary>What a candidate asks for by applying, directly or by accepting an invitation (then naming it).</summary>
public sealed record ApplicationRequest(
    Guid CandidateId, Guid PostingId, ApplicationSource Source, string? CoverNote, IReadOnlyList<Guid> Evidence, Guid? InvitationId);

/// <summary>
/// What the caller gets back: the new application's first event, from which the API answers without reading the view
/// back (it is exactly what the inline projection stored in the same commit).
/// </summary>
public sealed record ApplicationAccepted(ApplicationSubmitted Submitted)
{
    public Guid ApplicationId => Submitted.ApplicationId;
}

/// <summary>
/// Applying, directly or through an invitation. The n-th application of a candidate to a posting has a stream id
/// derived from (candidate, posting, n): two applications racing for the same n collide on it, and the retry finds
/// the winner active and answers ALREADY_APPLIED naming it (docs/adr/0010).
/// </summary>
public static class Applying
{
    public static Guid IdFor(Guid candidateId, Guid postingId, int n) => DerivedIds.From($"application/{candidateId:N}/{postingId:N}/{n}");

    /// <summary>How many possible earlier applications one round trip asks for; nearly every candidate has at most one.</summary>
    private const int PriorsPerTrip = 3;

    /// <summary>
    /// Everything a direct application is decided on, read in one round trip: the candidate, the posting, the candidate's
    /// earlier applications to it and the submissions named as evidence (docs/performance.md).
    /// </summary>
    public static async Task<(Candidate?, Posting?, PriorApplications, IReadOnlyList<Submission?>)> Load(IDocumentSession session,
        Guid candidateId, Guid postingId, IReadOnlyList<Guid> evidenceIds, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var candidate = batch.Events.FetchLatest<Candidate>(candidateId);
        var posting = batch.Events.FetchLatest<Posting>(postingId);
        var priors = PriorsFrom(batch, candidateId, postingId, 1);
        var evidence = evidenceIds.Select(id => batch.Events.FetchLatest<Submission>(id)).ToList();
        await batch.Execute(cancellation);
        return (await candidate, await posting, await Prior(session, candidateId, postingId, priors, cancellation), await Task.WhenAll(evidence));
    }

    public static Task<PriorApplications> Prior(IDocumentSession session, Guid candidateId, Guid postingId, CancellationToken cancellation) =>
        Prior(session, candidateId, postingId, [], cancellation);

    private static List<Task<Application?>> PriorsFrom(IBatchedQuery batch, Guid candidateId, Guid postingId, int first) =>
        Enumerable.Range(first, PriorsPerTrip).Select(n => batch.Events.FetchLatest<Application>(IdFor(candidateId, postingId, n))).ToList();

    /// <summary>Counts the applications fetched so far (none, to start afresh) and fetches the next few while every one asked for existed.</summary>
    private static async Task<PriorApplications> Prior(IDocumentSession session, Guid candidateId, Guid postingId,
        List<Task<Application?>> fetched, CancellationToken cancellation)
    {
        var count = 0;
        Application? latest = null;
        while (true)
        {
            foreach (var next in fetched)
            {
                if (await next is not { } application) return new PriorApplications(count, latest);
                latest = application;
                count++;
            }
            var batch = session.CreateBatchQuery();
            fetched = PriorsFrom(batch, candidateId, postingId, count + 1);
            await batch.Execute(cancellation);
        }
    }

    public static void ValidateInput(string? coverNote, IReadOnlyList<Guid> evidence)
    {
        Input.OptionalText("coverNote", coverNote, ApplicationRules.MaxCoverNote);
        if (evidence.Count > ApplicationRules.MaxEvidence)
            throw new ValidationFailed("evidence", $"Attach at most {ApplicationRules.MaxEvidence} submissions as evidence.");
        if (evidence.Distinct().Count() != evidence.Count) throw new ValidationFailed("evidence", "Evidence names a submission twice.");
    }

    /// <summary><paramref name="evidence"/> holds the submissions the request names as evidence, as loaded (null when missing).</summary>
    public static (ApplicationAccepted, IStartStream) Decide(ApplicationRequest request, Posting? posting, PriorApplications prior,
        IReadOnlyList<Submission?> evidence, DateTimeOffset now)
    {
        var candidateId = request.CandidateId;
        if (posting is null || posting.Status == PostingStatus.Draft) throw new NotFound("Posting", request.PostingId);
        if (prior.Latest is { IsActive: true } active) throw new AlreadyApplied(active.Id);
        if (prior.Latest is { Status: not ApplicationStatus.Withdrawn } ended)
            throw new RuleViolation($"Your application to this posting has ended ({ended.Status}); only a withdrawn application can be renewed.");
        if (posting.Status != PostingStatus.Open) throw new RuleViolation("The posting is not open for applications.");
        if (evidence.Any(s => s is null || s.CandidateId != candidateId || s.Status == SubmissionStatus.Withdrawn))
            throw new ValidationFailed("evidence", "Evidence must be your own submissions that you have not withdrawn.");

        var id = IdFor(candidateId, posting.Id, prior.Count + 1);
        var submitted = new ApplicationSubmitted(id, posting.Id, posting.CompanyId, candidateId, request.Source, request.CoverNote,
            request.Evidence, posting.Details.Skills, posting.Details.BlindReview, request.InvitationId, now);
        return (new ApplicationAccepted(submitted), MartenOps.StartStream<Application>(id, submitted));
    }
}
