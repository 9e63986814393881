namespace Marketplace.Domain.Postings;

public enum PostingStatus { Draft, Open, Closed }

public enum CloseReason { Filled, Cancelled, Expired }

public enum RemotePolicy { Remote, Hybrid, Onsite }

public enum Seniority { Junior, Mid, Senior, Staff, Principal }

public sealed record Salary(int Min, int Max, string Currency);

/// <summary>Everything a company writes about an opening; drafts and revisions carry it whole.</summary>
public sealed record PostingDetails(
    string Title,
    string Role,
    Seniority Seniority,
    IReadOnlyList<string> Skills,
    string? Location,
    RemotePolicy RemotePolicy,
    Salary? Salary,
    string Description,
    int Openings,
    bool BlindReview);

public sealed record PostingDrafted(Guid PostingId, Guid CompanyId, PostingDetails Details);

public sealed record PostingRevised(Guid PostingId, Guid CompanyId, PostingDetails Details);

/// <summary><paramref name="Generation"/> counts publications, so an expiry scheduled before a reopen can tell it is stale.</summary>
public sealed record PostingPublished(Guid PostingId, Guid CompanyId, DateTimeOffset PublishedAt, DateOnly ExpiresOn, int Generation);

public sealed record PostingClosed(Guid PostingId, Guid CompanyId, CloseReason Reason, DateTimeOffset ClosedAt);

public sealed record PostingReopened(Guid PostingId, Guid CompanyId, DateTimeOffset ReopenedAt, DateOnly ExpiresOn, int Generation);

/// <summary>An offer for this posting was accepted: one opening fewer.</summary>
public sealed record PostingHireRecorded(Guid PostingId, Guid CompanyId, Guid ApplicationId, DateTimeOffset At);

public sealed record Posting(
    Guid Id,
    Guid CompanyId,
    PostingStatus Status,
    PostingDetails Details,
    DateOnly? ExpiresOn,
    int Generation,
    CloseReason? CloseReason)
{
    public int Version { get; set; }

    public IReadOnlyList<Guid> Hires { get; init; } = [];

    public static Posting Create(PostingDrafted e) =>
        new(e.PostingId, e.CompanyId, PostingStatus.Draft, e.Details, null, 0, null);

    public Posting Apply(PostingRevised e) => this with { Details = e.Details };

    public Posting Apply(PostingPublished e) =>
        this with { Status = PostingStatus.Open, ExpiresOn = e.ExpiresOn, Generation = e.Generation };

    public Posting Apply(PostingClosed e) => this with { Status = PostingStatus.Closed, CloseReason = e.Reason };

    public Posting Apply(PostingHireRecorded e) => this with { Hires = [.. Hires, e.ApplicationId] };

    public Posting Apply(PostingReopened e) =>
        this with { Status = PostingStatus.Open, ExpiresOn = e.ExpiresOn, Generation = e.Generation, CloseReason = null };
}
