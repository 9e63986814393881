using Marketplace.Domain.Candidates;
using Marketplace.Domain.Submissions;
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
        session.Patch<SubmissionView>(s => s.CandidateId == message.CandidateId).Set(s => s.Content, SubmissionReceived.ErasedContent);
        session.Patch<SubmissionView>(s => s.CandidateId == message.CandidateId).Set(s => s.RepositoryUrl, null);
        // As a rebuild from the masked events would leave them: the erased text is never matched.
        session.Patch<SubmissionSignature>(s => s.CandidateId == message.CandidateId).Set(s => s.Bands, Array.Empty<string>());
        await session.SaveChangesAsync(cancellation);
    }
}
