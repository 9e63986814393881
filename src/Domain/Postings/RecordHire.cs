using Wolverine;
using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

/// <summary>Sent when a candidate accepts an offer for this posting.</summary>
public sealed record RecordHire(Guid PostingId, Guid ApplicationId);

[AggregateHandler]
public static class RecordHireHandler
{
    /// <summary>Counts each hire once; the hire that fills the last opening closes the posting as FILLED.</summary>
    public static (Events, OutgoingMessages) Handle(RecordHire message, Posting? posting, DateTimeOffset now)
    {
        if (posting is null || posting.Hires.Contains(message.ApplicationId)) return ([], []);
        var hired = new PostingHireRecorded(posting.Id, posting.CompanyId, message.ApplicationId, now);
        if (posting.Status != PostingStatus.Open || posting.Hires.Count + 1 < posting.Details.Openings) return ([hired], []);
        return ([hired, new PostingClosed(posting.Id, posting.CompanyId, CloseReason.Filled, now)],
            [new ClosePostingPipeline(posting.Id, CloseReason.Filled)]);
    }
}
