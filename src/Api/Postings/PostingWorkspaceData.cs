using Marketplace.Api.Infrastructure.GraphQL;

namespace Marketplace.Api.Postings;

/// <summary>
/// The GraphQL documents of the workspace's posting pages, the ones an API client would send, and what they answer.
/// </summary>
public static class PostingWorkspaceData
{
    private const string Fields =
        "id version status closeReason title role seniority skills location remotePolicy salary { min max currency } description " +
        "openings blindReview publishedAt expiresOn company { id }";

    private const string Catalogue = "me { company { id name } } skills { slug name careerPaths }";

    public const string NewForm = $"{{ {Catalogue} }}";

    public const string EditForm = $"query($id: ID!) {{ {Catalogue} posting(id: $id) {{ {Fields} }} }}";

    public const string List = $$"""
        query($company: ID!, $after: String) { me { company { id name } }
          postings(first: 50, after: $after, filter: { companyId: $company }) { totalCount pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
            edges { cursor node { {{Fields}} pipeline { stage status count } } } } }
        """;

    public const string Draft = "mutation($i: DraftPostingInput!) { draftPosting(input: $i) { posting { id } } }";

    public const string Revise = "mutation($i: RevisePostingInput!) { revisePosting(input: $i) { posting { id } } }";

    /// <summary>publishPosting, closePosting or reopenPosting, whose inputs share their names' pattern.</summary>
    public static string Lifecycle(string mutation) =>
        $"mutation($i: {char.ToUpperInvariant(mutation[0])}{mutation[1..]}Input!) {{ {mutation}(input: $i) {{ posting {{ id }} }} }}";
}

public sealed record WorkspaceCompany(string Id, string Name);

public sealed record WorkspaceMe(WorkspaceCompany? Company);

public sealed record SkillChoice(string Slug, string Name, IReadOnlyList<string> CareerPaths);

public sealed record WorkspaceCount(string Stage, string Status, int Count);

public sealed record WorkspacePosting(string Id, int Version, string Status, string? CloseReason, string Title, string Role, string Seniority,
    IReadOnlyList<string> Skills, string? Location, string RemotePolicy, SalaryRange? Salary, string Description, int Openings, bool BlindReview,
    DateTimeOffset? PublishedAt, DateOnly? ExpiresOn, WorkspaceCompanyId Company, IReadOnlyList<WorkspaceCount>? Pipeline = null);

public sealed record WorkspaceCompanyId(string Id);

public sealed record PostingFormData(WorkspaceMe? Me, IReadOnlyList<SkillChoice> Skills, WorkspacePosting? Posting = null)
{
    /// <summary>The posting when it is the member's company's; another company's open posting is not theirs to edit.</summary>
    public WorkspacePosting? Own => Posting is { } p && p.Company.Id == Me?.Company?.Id ? p : null;
}

public sealed record PostingListData(WorkspaceMe? Me, Connection<WorkspacePosting> Postings);
