namespace Marketplace.Domain.Postings;

/// <summary>
/// Sent whenever a posting closes: its active applications close and its pending invitations expire, each as its own
/// aggregate decides (ApplicationClosing, ExpireInvitationHandler).
/// </summary>
public sealed record ClosePostingPipeline(Guid PostingId, CloseReason Reason)
{
    /// <summary>The reason the closed applications and expired invitations give.</summary>
    public string Explanation() => $"The posting closed ({Reason.ToString().ToUpperInvariant()}).";
}
