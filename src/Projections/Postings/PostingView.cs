using Marketplace.Domain.Postings;
using Marketplace.Projections.Common;

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

    /// <summary>Title and description together, for the full-text index.</summary>
    public string SearchText { get; set; } = "";

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
        SearchText = details.Title + "\n" + details.Description;
    }
}
