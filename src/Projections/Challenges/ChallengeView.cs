using JasperFx.Events;
using Marketplace.Domain.Challenges;
using Marketplace.Projections.Common;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Challenges;

/// <summary>The challenge as GraphQL serves it; one document per challenge stream, updated inline.</summary>
public sealed class ChallengeView : IListed
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid? OwnerCompanyId { get; set; }
    public string Skill { get; set; } = "";
    public string Title { get; set; } = "";
    public string Brief { get; set; } = "";
    public Difficulty Difficulty { get; set; }
    public int MaxAttempts { get; set; }
    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    public int RubricVersion { get; set; } = 1;
    public List<Criterion> Rubric { get; set; } = [];
    public ChallengeStatus Status { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset ListedAt { get; set; }

    /// <summary>Ownership as a column: the platform's challenges have no company.</summary>
    public string Owner { get; set; } = "platform";

    public void Take(ChallengeDetails details)
    {
        Skill = details.Skill;
        Title = details.Title;
        Brief = details.Brief;
        Difficulty = details.Difficulty;
        MaxAttempts = details.MaxAttempts;
        OpensAt = details.OpensAt;
        ClosesAt = details.ClosesAt;
        Rubric = [.. details.Rubric];
    }
}

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
