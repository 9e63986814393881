using Marketplace.Domain.Common;

namespace Marketplace.Domain.Applications;

public static class ApplicationRules
{
    public const int MaxEvidence = 5;
    public const int MaxCoverNote = 5_000;
    public const int MaxNote = 2_000;

    /// <summary>A company member acting on an application to one of their company's postings.</summary>
    public static Application ManagedBy(this Application? application, Guid companyId, Guid applicationId)
    {
        if (application is null) throw new NotFound("Application", applicationId);
        if (application.CompanyId != companyId) throw new Forbidden("Only the company that owns the posting manages its applications.");
        return application;
    }

    /// <summary>The candidate acting on their own application.</summary>
    public static Application OwnedBy(this Application? application, Guid candidateId, Guid applicationId)
    {
        if (application is null) throw new NotFound("Application", applicationId);
        if (application.CandidateId != candidateId) throw new Forbidden("Only the candidate who applied may do this.");
        return application;
    }

    public static Application MustBeActive(this Application application) =>
        application.IsActive ? application : throw new RuleViolation($"The application has ended ({application.Status}).");

    /// <summary>The stages strictly between two stages: the ones a move skips.</summary>
    public static IReadOnlyList<Stage> Between(Stage from, Stage to) =>
        Enum.GetValues<Stage>().Where(s => s > from && s < to).ToList();

    public static void Note(string? note) => Input.OptionalText("note", note, MaxNote);
}
