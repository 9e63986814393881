using JasperFx.Events;
using Marketplace.Domain.Candidates;
using Marten.Events.Aggregation;

namespace Marketplace.Projections.Candidates;

/// <summary>A candidate's profile as the candidate sees it; personal data, never shown to others as is.</summary>
public sealed class CandidateView
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Handle { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Headline { get; set; }
    public List<string> Skills { get; set; } = [];
    public bool Discoverable { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    public void Take(CandidateProfile profile)
    {
        DisplayName = profile.DisplayName;
        Email = profile.Email;
        Headline = profile.Headline;
        Skills = [.. profile.Skills];
        Discoverable = profile.Discoverable;
    }
}

public partial class CandidateViewProjection : SingleStreamProjection<CandidateView, Guid>
{
    public CandidateViewProjection() => DeleteEvent<CandidateErased>();

    public CandidateView Create(IEvent<CandidateRegistered> e)
    {
        var view = new CandidateView { Id = e.Data.CandidateId, Handle = e.Data.Handle, RegisteredAt = Common.Timestamps.Micro(e.Timestamp) };
        view.Take(e.Data.Profile);
        return view;
    }

    public void Apply(CandidateProfileUpdated e, CandidateView view) => view.Take(e.Profile);
}
