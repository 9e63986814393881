using Marketplace.Domain.Candidates;
using Marten;

namespace Marketplace.Api.Privacy;

public static class MaskCandidateEventsHandler
{
    /// <summary>Rewrites the candidate's stream with the masking rules; running it twice changes nothing more.</summary>
    public static Task Handle(MaskCandidateEvents message, IDocumentStore store, CancellationToken cancellation) =>
        store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(message.CandidateId), cancellation);
}
