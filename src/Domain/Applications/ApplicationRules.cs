using Marketplace.Domain.Common;

namespace Marketplace.Domain.Applications;

public static class ApplicationRules
{
    public const int MaxEvidence = 5;
    public const int MaxCoverNote = 5_000;
    public const int MaxNote = 2_000;

    /// <summary>
    /// A company member acting on an application to one of their company's postings. Application ids derive from
    /// (candidate, posting), which others could compute, so someone else's application answers as not found: a
    /// FORBIDDEN would tell a competitor that the candidate applied.
    /// </summary>
    public static Application ManagedBy(this Application? application, Guid companyId, Guid applicationId) =>
        application is not null && application.CompanyId == companyId ? application : throw new NotFound("Application", applicationId);

    /// <summary>The candidate acting on their own application; anyone else's answers as not found.</summary>
    public static Application OwnedBy(this Application? application, Guid candidateId, Guid applicationId) =>
        application is not null && application.CandidateId == candidateId ? application : throw new NotFound("Application", applicationId);

    public static Application MustBeActive(this Application application) =>
        application.IsActive ? application : throw new RuleViolation($"The application has ended ({application.Status}).");

    /// <summary>The stages strictly between two stages: the ones a move skips.</summary>
    public static IReadOnlyList<Stage> Between(Stage from, Stage to) =>
        Enum.GetValues<Stage>().Where(s => s > from && s < to).ToList();

    public static void Note(string? note) => Input.OptionalText("note", note, MaxNote);
}
