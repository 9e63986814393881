using JasperFx.Events;
using Marketplace.Domain.Challenges;
using Marketplace.Projections.Common;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Challenges;

public partial class ChallengeViewProjection : SingleStreamProjection<ChallengeView, Guid>
{
    public ChallengeView Create(IEvent<ChallengeDrafted> e)
    {
        var view = new ChallengeView
        {
            Id = e.Data.ChallengeId,
            OwnerCompanyId = e.Data.OwnerCompanyId,
            Owner = e.Data.OwnerCompanyId?.ToString() ?? "platform",
            ListedAt = Timestamps.Micro(e.Timestamp),
        };
        view.Take(e.Data.Details);
        return view;
    }

    public void Apply(ChallengeRevised e, ChallengeView view)
    {
        view.Take(e.Details);
        view.RubricVersion = e.RubricVersion;
    }

    public void Apply(ChallengePublished e, ChallengeView view)
    {
        view.Status = ChallengeStatus.Published;
        view.PublishedAt = e.PublishedAt;
        view.ListedAt = Timestamps.Micro(e.PublishedAt);
    }

    public void Apply(ChallengeClosed e, ChallengeView view) => view.Status = ChallengeStatus.Closed;
}
