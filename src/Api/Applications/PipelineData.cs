using GraphQL;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Applications;

namespace Marketplace.Api.Applications;

/// <summary>
/// What the board and a company's application page ask the API, as any client would (docs/schema.graphql), and the
/// shapes they read back.
/// </summary>
public static class PipelineData
{
    /// <summary>One page of a posting's applications; the board reads pages until it has them all.</summary>
    public const string BoardQuery = """
        query Board($id: ID!, $after: String) { posting(id: $id) { id title status blindReview }
          applications(postingId: $id, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
            edges { node { id version stage status changedAt candidate { handle displayName } evidence { feedback { overallScore } } } } } }
        """;

    public const string ApplicationQuery = """
        query CompanyApplication($id: ID!) { application(id: $id) { id version stage status source submittedAt changedAt coverNote
            posting { id title blindReview }
            candidate { handle displayName email headline }
            evidence { id attempt submittedAt challenge { title } feedback { overallScore summary rubricVersion criteria { key score comment } } }
            history { at kind stage by note reason } }
          me { team { members { accountId email } } } }
        """;

    public sealed record BoardData(PostingRef? Posting, Connection<Card> Applications);
    public sealed record PostingRef(string Id, string Title, string Status, bool BlindReview);
    public sealed record Card(string Id, int Version, string Stage, string Status, DateTimeOffset ChangedAt, Person Candidate, List<Evidence> Evidence);
    public sealed record Person(string Handle, string? DisplayName, string? Email = null, string? Headline = null);
    public sealed record Evidence(string? Id, int Attempt, DateTimeOffset SubmittedAt, Titled? Challenge, Feedback? Feedback);
    public sealed record Titled(string Title);
    public sealed record Feedback(int OverallScore, string? Summary, int RubricVersion, List<Criterion>? Criteria);
    public sealed record Criterion(string Key, int Score, string Comment);

    public sealed record ApplicationData(Detail? Application, TeamOf? Me);
    public sealed record Detail(string Id, int Version, string Stage, string Status, string Source, DateTimeOffset SubmittedAt, DateTimeOffset ChangedAt,
        string? CoverNote, PostingRef Posting, Person Candidate, List<Evidence> Evidence, List<Step> History);
    public sealed record Step(DateTimeOffset At, string Kind, string? Stage, string? By, string? Note, string? Reason);
    public sealed record TeamOf(Team? Team);
    public sealed record Team(List<Member> Members);
    public sealed record Member(string AccountId, string Email);

    /// <summary>The stages a company moves an application through; HIRED is the candidate's answer to an offer.</summary>
    public static readonly string[] Stages = [.. Enum.GetNames<Stage>().Select(name => name.ToConstantCase())];

    public static readonly string[] RejectionReasons = [.. Enum.GetNames<RejectionReason>().Select(name => name.ToConstantCase())];

    /// <summary>The stage after <paramref name="stage"/> that a company may move to, or null (at OFFER the candidate answers).</summary>
    public static string? Next(string stage) => stage switch
    {
        "APPLIED" => "SCREENING",
        "SCREENING" => "INTERVIEW",
        "INTERVIEW" => "OFFER",
        _ => null,
    };

    /// <summary>The name a company may see (blind review hides it before INTERVIEW), else the pseudonymous handle.</summary>
    public static string Name(Person candidate) => candidate.DisplayName ?? candidate.Handle;

    public static string Days(DateTimeOffset since, DateTimeOffset now) => (int)(now - since).TotalDays switch
    {
        < 1 => "less than a day",
        1 => "1 day",
        var days => $"{days} days",
    };
}
