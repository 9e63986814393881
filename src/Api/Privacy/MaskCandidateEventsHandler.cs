using Marketplace.Domain.Candidates;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Submissions;
using Marten;
using Marten.Patching;

namespace Marketplace.Api.Privacy;

public static class MaskCandidateEventsHandler
{
    /// <summary>
    /// Masks the candidate's profile events and the text they wrote (cover notes, notes, submissions and their links) in their
    /// streams, and blanks that text in the read models. Scores, stages and dates stay. Running it twice changes
    /// nothing more.
    /// </summary>
    public static async Task Handle(MaskCandidateEvents message, IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var applications = await session.Query<ApplicationView>().Where(a => a.CandidateId == message.CandidateId).Select(a => a.Id).ToListAsync(cancellation);
        var submissions = await session.Query<SubmissionView>().Where(s => s.CandidateId == message.CandidateId).Select(s => s.Id).ToListAsync(cancellation);

        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            masking.IncludeStream(message.CandidateId);
            foreach (var id in applications.Concat(submissions)) masking.IncludeStream(id);
        }, cancellation);

        session.Patch<ApplicationView>(a => a.CandidateId == message.CandidateId).Set(a => a.CoverNote, null);
        session.Patch<SubmissionView>(s => s.CandidateId == message.CandidateId).Set(s => s.Content, ErasedText);
        session.Patch<SubmissionView>(s => s.CandidateId == message.CandidateId).Set(s => s.RepositoryUrl, null);
        await session.SaveChangesAsync(cancellation);
    }

    public const string ErasedText = "[erased at the candidate's request]";
}
