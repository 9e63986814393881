using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marten;
using Wolverine.Marten;

namespace Marketplace.Api.Composition;

/// <summary>
/// The commands that commit in groups (docs/adr/0036): the ones clients send most, each decided here exactly as its
/// Wolverine handler decides it (the same Validate, Load and Handle of the Domain, in the same order), so the two paths
/// differ only in how they commit. A command not listed commits alone; one sent under an idempotency key commits its
/// key's record in its group.
/// </summary>
public static class GroupedCommands
{
    public static readonly IReadOnlyDictionary<Type, Decide> Deciders = new Dictionary<Type, Decide>
    {
        [typeof(DraftPosting)] = (command, _, _, _) =>
        {
            var draft = (DraftPosting)command;
            DraftPostingHandler.Validate(draft);
            return Task.FromResult(Starting(DraftPostingHandler.Handle(draft)));
        },
        [typeof(UpdateCandidateProfile)] = async (command, reads, _, cancellation) =>
        {
            var update = (UpdateCandidateProfile)command;
            var stream = await reads.Events.FetchForWriting<Candidate>(update.CandidateId, cancellation);
            var events = UpdateCandidateProfileHandler.Handle(update, stream.Aggregate);
            return events.Count == 0 ? Decided.Nothing : Appending(update.CandidateId, stream.StartingVersion ?? 0, events);
        },
        [typeof(ApplyToPosting)] = async (command, reads, now, cancellation) =>
        {
            var apply = (ApplyToPosting)command;
            ApplyToPostingHandler.Validate(apply);
            var (candidate, posting, prior, evidence) = await ApplyToPostingHandler.LoadAsync(apply, reads, cancellation);
            var (accepted, application) = ApplyToPostingHandler.Handle(apply, candidate, posting, prior, evidence, now);
            return Starting(application, answer: accepted, unchanged: (posting!.Id, posting.Version));
        },
        [typeof(SubmitToChallenge)] = async (command, reads, now, cancellation) =>
        {
            var submit = (SubmitToChallenge)command;
            SubmitToChallengeHandler.Validate(submit);
            var (candidate, challenge, attempt) = await SubmitToChallengeHandler.LoadAsync(submit, reads, cancellation);
            var (accepted, submission, messages) = SubmitToChallengeHandler.Handle(submit, candidate, challenge, attempt, now);
            return Starting(submission, messages, accepted);
        },
    };

    /// <summary>A new stream; <paramref name="unchanged"/> names a stream the decision read that must not have moved.</summary>
    private static Decided Starting(IStartStream stream, IReadOnlyList<object>? messages = null, object? answer = null,
        (Guid Stream, int Version)? unchanged = null) =>
        new([stream.StreamId], session =>
        {
            stream.Execute(session);
            if (unchanged is { } read) Unchanged(session, read.Stream, read.Version);
        }, messages ?? [], answer);

    /// <summary>
    /// The stream (a posting an application was decided on) is still at the version decided on when the group commits,
    /// or the group fails and its commands run alone. The row is locked for share until the commit, so a posting's
    /// closing waits for the application, or the application sees the closing: the closing's pipeline, which closes
    /// the posting's active applications, never misses one that waited in a group.
    /// </summary>
    private static void Unchanged(IDocumentSession session, Guid stream, int version) =>
        session.QueueSqlCommand("select 1 / (case when version = ? then 1 else 0 end) from mt_streams where id = ? for share", (long)version, stream);

    /// <summary>Appends that commit only onto the version they were decided on.</summary>
    private static Decided Appending(Guid stream, long decidedOn, IReadOnlyList<object> events) =>
        new([stream], session => session.Events.Append(stream, decidedOn + events.Count, events), [], null);
}
