using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Applications;
using Marten;

namespace Marketplace.Api.Applications;

/// <summary>
/// The application's story from its event stream. Notes a company writes are internal: the company sees them, the
/// candidate does not; the candidate's own notes are shown to both.
/// </summary>
public static class ApplicationHistory
{
    public static async Task<IReadOnlyList<HistoryEntry>> Read(IQuerySession session, Guid applicationId, Actor actor, CancellationToken cancellation)
    {
        var company = actor.Role == Roles.Company;
        string CompanyBy(string by) => company ? $"company:{by}" : "company";
        string? CompanyNote(string? note) => company ? note : null;

        var events = await session.Events.FetchStreamAsync(applicationId, token: cancellation);
        return events.Select(e => e.Data switch
        {
            ApplicationSubmitted s => new HistoryEntry(s.At, "SUBMITTED", Stage.Applied, "candidate", s.CoverNote, null),
            ApplicationAdvanced a => new HistoryEntry(a.At, "ADVANCED", a.To, CompanyBy(a.By), CompanyNote(a.Note), null),
            OfferExtended o => new HistoryEntry(o.At, "OFFER_EXTENDED", Stage.Offer, CompanyBy(o.By), CompanyNote(o.Note), null),
            OfferAccepted h => new HistoryEntry(h.At, "HIRED", Stage.Hired, "candidate", null, null),
            OfferDeclined d => new HistoryEntry(d.At, "OFFER_DECLINED", Stage.Offer, "candidate", d.Note, null),
            ApplicationRejected r => new HistoryEntry(r.At, "REJECTED", r.Stage, CompanyBy(r.By), CompanyNote(r.Note), r.Reason),
            ApplicationWithdrawn w => new HistoryEntry(w.At, "WITHDRAWN", w.Stage, "candidate", w.Note, null),
            ApplicationClosed c => new HistoryEntry(c.At, "CLOSED", c.Stage, "system", c.Reason, null),
            _ => null,
        }).OfType<HistoryEntry>().ToList();
    }
}
