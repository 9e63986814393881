using Marketplace.Domain.Postings;

namespace Marketplace.Api.Postings;

/// <summary>The postings filter as clients send it.</summary>
public sealed class PostingQuery
{
    public string? Skill { get; set; }
    public string? Role { get; set; }
    public Seniority? Seniority { get; set; }
    public RemotePolicy? RemotePolicy { get; set; }
    public int? MinSalary { get; set; }
    public string? CompanyId { get; set; }
    public PostingStatus? Status { get; set; }
    public string? Text { get; set; }
}
