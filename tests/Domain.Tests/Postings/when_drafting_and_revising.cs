using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Postings.PostingHistory;

namespace Marketplace.Domain.Tests.Postings;

public class when_drafting_and_revising
{
    [Fact]
    public void a_valid_draft_passes_validation() =>
        Should.NotThrow(() => DraftPostingHandler.Validate(new DraftPosting(PostingId, CompanyId, Details)));

    [Theory]
    [InlineData("title")]
    [InlineData("skills")]
    [InlineData("salary")]
    [InlineData("salary.currency")]
    [InlineData("openings")]
    [InlineData("description")]
    [InlineData("location")]
    public void an_invalid_draft_names_the_field(string field)
    {
        var details = field switch
        {
            "title" => Details with { Title = "  " },
            "skills" => Details with { Skills = ["microservices", "microservices"] },
            "salary" => Details with { Salary = new Salary(100, 50, "EUR") },
            "salary.currency" => Details with { Salary = new Salary(50, 100, "eur") },
            "openings" => Details with { Openings = 0 },
            "description" => Details with { Description = "short" },
            _ => Details with { Location = new string('x', 121) },
        };
        Should.Throw<ValidationFailed>(() => DraftPostingHandler.Validate(new DraftPosting(PostingId, CompanyId, details)))
            .Field.ShouldBe(field);
    }

    [Fact]
    public void a_revision_carries_the_whole_new_details() =>
        Spec.Given(Drafted)
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, null, Title: "Staff Engineer, Orders", Openings: 2), p))
            .Then(new PostingRevised(PostingId, CompanyId, Details with { Title = "Staff Engineer, Orders", Openings = 2 }));

    [Fact]
    public void an_open_posting_can_be_revised() =>
        Spec.Given(Drafted, Published())
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, 2, Location: "Remote"), p))
            .Then(new PostingRevised(PostingId, CompanyId, Details with { Location = "Remote" }));

    [Fact]
    public void a_revision_that_changes_nothing_appends_nothing() =>
        Spec.Given(Drafted)
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, null, Title: Details.Title, Skills: ["microservices"]), p))
            .ThenNothing();

    [Fact]
    public void a_closed_posting_cannot_be_revised() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Filled))
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, null, Title: "Another title"), p))
            .ThenFails<RuleViolation>();

    [Fact]
    public void a_revision_is_validated_as_a_whole() =>
        Spec.Given(Drafted)
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, null, Salary: new Salary(10, 5, "EUR")), p))
            .ThenFails<ValidationFailed>().Field.ShouldBe("salary");

    [Fact]
    public void another_company_may_not_revise() =>
        Spec.Given(Drafted)
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, OtherCompanyId, null, Title: "Hijacked title"), p))
            .ThenFails<Forbidden>();

    [Fact]
    public void a_missing_posting_is_not_found() =>
        Spec.Given()
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, null, Title: "Anything at all"), p))
            .ThenFails<NotFound>();

    [Fact]
    public void a_stale_expected_version_is_a_conflict_naming_the_current_one() =>
        Spec.Given(Drafted, Published())
            .When(p => RevisePostingHandler.Handle(new RevisePosting(PostingId, CompanyId, 1, Title: "A newer title"), p))
            .ThenFails<Conflict>().CurrentVersion.ShouldBe(2);
}
