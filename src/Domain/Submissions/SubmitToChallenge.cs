using JasperFx.Events;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marten;
using Marten.Services.BatchQuerying;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Domain.Submissions;

public sealed record SubmitToChallenge(Guid ChallengeId, Guid CandidateId, string? Content, string? RepositoryUrl);

/// <summary>
/// What the caller gets back: the new submission's first event, from which the API answers without reading the view
/// back (it is exactly what the inline projection stored in the same commit).
/// </summary>
public sealed record SubmissionAccepted(SubmissionReceived Received)
{
    public Guid SubmissionId => Received.SubmissionId;
    public int Attempt => Received.Attempt;
}

public static class SubmitToChallengeHandler
{
    public const int MaxContentLength = 50_000;

    public static void Configure(HandlerChain chain) => StreamCollisions.DecideAgainOnCollision(chain);

    public static void Validate(SubmitToChallenge command)
    {
        if (string.IsNullOrWhiteSpace(command.Content) && command.RepositoryUrl is null)
            throw new ValidationFailed("content", "Send your work as content, a repositoryUrl, or both.");
        if (command.Content is not null) Input.Text("content", command.Content, 1, MaxContentLength);
        Input.OptionalUrl("repositoryUrl", command.RepositoryUrl);
    }

    /// <summary>How many attempt streams one round trip looks for; most candidates make one or two attempts.</summary>
    private const int AttemptsPerTrip = 3;

    /// <summary>
    /// The candidate, the challenge, and the first attempt number whose stream does not exist yet, read in one round trip
    /// (docs/performance.md).
    /// </summary>
    public static async Task<(Candidate?, Challenge?, int)> LoadAsync(SubmitToChallenge command, IDocumentSession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var candidate = batch.Events.FetchLatest<Candidate>(command.CandidateId);
        var challenge = batch.Events.FetchLatest<Challenge>(command.ChallengeId);
        var attempts = AttemptsFrom(batch, command, 1);
        await batch.Execute(cancellation);

        if (await challenge is not { } found) return (await candidate, null, 1);
        var attempt = 1;
        while (true)
        {
            foreach (var state in attempts)
            {
                if (attempt > found.Details.MaxAttempts || await state is not { }) return (await candidate, found, attempt);
                attempt++;
            }
            batch = session.CreateBatchQuery();
            attempts = AttemptsFrom(batch, command, attempt);
            await batch.Execute(cancellation);
        }
    }

    private static List<Task<StreamState>> AttemptsFrom(IBatchedQuery batch, SubmitToChallenge command, int first) =>
        Enumerable.Range(first, AttemptsPerTrip)
            .Select(n => batch.Events.FetchStreamState(SubmissionIds.For(command.ChallengeId, command.CandidateId, n))).ToList();

    public static (SubmissionAccepted, IStartStream, OutgoingMessages) Handle(
        SubmitToChallenge command, Candidate? candidate, Challenge? challenge, int attempt, DateTimeOffset now)
    {
        Registration.Require(candidate, "submitting");
        if (challenge is null || challenge.Status == ChallengeStatus.Draft) throw new NotFound("Challenge", command.ChallengeId);
        if (!challenge.AcceptsSubmissionsAt(now)) throw new RuleViolation("This challenge is not open for submissions now.");
        if (attempt > challenge.Details.MaxAttempts)
            throw new RuleViolation($"You have used all {challenge.Details.MaxAttempts} attempts at this challenge.");

        var id = SubmissionIds.For(challenge.Id, command.CandidateId, attempt);
        var received = new SubmissionReceived(id, challenge.Id, command.CandidateId, challenge.OwnerCompanyId,
            challenge.Details.Skill, attempt, command.Content, command.RepositoryUrl, now);
        return (new SubmissionAccepted(received), MartenOps.StartStream<Submission>(id, received),
            [new ReviewSubmission(id, challenge.Id)]);
    }
}
