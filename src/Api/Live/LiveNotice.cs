using Marketplace.Domain.Applications;
using Marketplace.Domain.Invitations;
using Marketplace.Domain.Submissions;

namespace Marketplace.Api.Live;

public enum LiveStream { Submission, Application, Invitation }

/// <summary>
/// What a subscriber may be waiting for, said about one committed event: which stream changed, whose it is (as far as
/// the event says) and what happened. Small enough for a PostgreSQL notice (docs/adr/0027); the subscriber reads the
/// rest from the views committed with the event.
/// </summary>
public sealed record LiveNotice(LiveStream Stream, Guid Id, Guid? Company, Guid? Candidate, Guid? Posting, string What)
{
    /// <summary>The notice for an event a subscriber waits for, or null for the others.</summary>
    public static LiveNotice? Of(object data) => data switch
    {
        FeedbackGenerated e => new(LiveStream.Submission, e.SubmissionId, null, e.CandidateId, null, "REVIEWED"),
        FeedbackFailed e => new(LiveStream.Submission, e.SubmissionId, null, e.CandidateId, null, "FAILED"),
        SubmissionFlagged e => new(LiveStream.Submission, e.SubmissionId, null, null, null, "FLAGGED"),
        ApplicationSubmitted e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, e.CandidateId, e.PostingId, "SUBMITTED"),
        ApplicationAdvanced e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, null, e.PostingId, "ADVANCED"),
        ApplicationRejected e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, null, e.PostingId, "REJECTED"),
        ApplicationWithdrawn e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, null, e.PostingId, "WITHDRAWN"),
        OfferExtended e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, null, e.PostingId, "OFFER_EXTENDED"),
        OfferAccepted e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, e.CandidateId, e.PostingId, "HIRED"),
        OfferDeclined e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, null, e.PostingId, "OFFER_DECLINED"),
        ApplicationClosed e => new(LiveStream.Application, e.ApplicationId, e.CompanyId, null, e.PostingId, "CLOSED"),
        InvitationSent e => new(LiveStream.Invitation, e.InvitationId, e.CompanyId, e.CandidateId, e.PostingId, "INVITED"),
        InvitationAccepted e => new(LiveStream.Invitation, e.InvitationId, null, e.CandidateId, e.PostingId, "INVITATION_ACCEPTED"),
        InvitationDeclined e => new(LiveStream.Invitation, e.InvitationId, null, e.CandidateId, e.PostingId, "INVITATION_DECLINED"),
        InvitationExpired e => new(LiveStream.Invitation, e.InvitationId, null, e.CandidateId, e.PostingId, "INVITATION_EXPIRED"),
        _ => null,
    };

    public string Format() => string.Join('|', (char)('a' + (int)Stream), Id.ToString("N"), Text(Company), Text(Candidate), Text(Posting), What);

    public static LiveNotice? Parse(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 6 || parts[0].Length != 1 || !Guid.TryParse(parts[1], out var id)) return null;
        var stream = parts[0][0] - 'a';
        if (stream is < 0 or > (int)LiveStream.Invitation) return null;
        return new((LiveStream)stream, id, Read(parts[2]), Read(parts[3]), Read(parts[4]), parts[5]);
    }

    private static string Text(Guid? id) => id?.ToString("N") ?? "";

    private static Guid? Read(string text) => Guid.TryParse(text, out var id) ? id : null;
}
