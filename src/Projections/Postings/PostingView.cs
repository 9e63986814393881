using JasperFx.Events;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Common;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Postings;

/// <summary>The posting as GraphQL serves it; one document per posting stream, updated inline.</summary>
public sealed class PostingView : IListed
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid CompanyId { get; set; }
    public string Title { get; set; } = "";
    public string Role { get; set; } = "";
    public Seniority Seniority { get; set; }
    public List<string> Skills { get; set; } = [];
    public string? Location { get; set; }
    public RemotePolicy RemotePolicy { get; set; }
    public Salary? Salary { get; set; }
    public int? SalaryMax { get; set; }
    public string Description { get; set; } = "";
    public int Openings { get; set; }
    public bool BlindReview { get; set; }
    public PostingStatus Status { get; set; }
    public CloseReason? CloseReason { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>When the posting last went on the board (drafting, publishing or reopening): the listing order.</summary>
    public DateTimeOffset ListedAt { get; set; }

    public void Take(PostingDetails details)
    {
        Title = details.Title;
        Role = details.Role;
        Seniority = details.Seniority;
        Skills = [.. details.Skills];
        Location = details.Location;
        RemotePolicy = details.RemotePolicy;
        Salary = details.Salary;
        SalaryMax = details.Salary?.Max;
        Description = details.Description;
        Openings = details.Openings;
        BlindReview = details.BlindReview;
    }
}

public partial class PostingViewProjection : SingleStreamProjection<PostingView, Guid>
{
    public PostingView Create(IEvent<PostingDrafted> e)
    {
        var view = new PostingView { Id = e.Data.PostingId, CompanyId = e.Data.CompanyId, DraftedAt = Timestamps.Micro(e.Timestamp), ListedAt = Timestamps.Micro(e.Timestamp) };
        view.Take(e.Data.Details);
        return view;
    }

    public void Apply(PostingRevised e, PostingView view) => view.Take(e.Details);

    public void Apply(PostingPublished e, PostingView view)
    {
        view.Status = PostingStatus.Open;
        view.PublishedAt = e.PublishedAt;
        view.ListedAt = Timestamps.Micro(e.PublishedAt);
        view.ExpiresOn = e.ExpiresOn;
    }

    public void Apply(PostingClosed e, PostingView view)
    {
        view.Status = PostingStatus.Closed;
        view.CloseReason = e.Reason;
    }

    public void Apply(PostingReopened e, PostingView view)
    {
        view.Status = PostingStatus.Open;
        view.CloseReason = null;
        view.ListedAt = Timestamps.Micro(e.ReopenedAt);
        view.ExpiresOn = e.ExpiresOn;
    }
}
