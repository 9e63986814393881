using JasperFx.Events;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Common;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Postings;

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
