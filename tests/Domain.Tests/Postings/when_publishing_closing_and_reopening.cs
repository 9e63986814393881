using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Postings.PostingHistory;

namespace Marketplace.Domain.Tests.Postings;

public class when_publishing_closing_and_reopening
{
    [Fact]
    public void a_draft_becomes_open_with_a_default_expiry_sixty_days_out() =>
        Spec.Given(Drafted)
            .When(p => PublishPostingHandler.Handle(new PublishPosting(PostingId, CompanyId, null, null), p, Spec.Now))
            .Then(new PostingPublished(PostingId, CompanyId, Spec.Now, Spec.Today.AddDays(60), 1));

    [Fact]
    public void publishing_schedules_the_expiry_for_the_end_of_the_expiry_date()
    {
        var (_, outgoing) = PublishPostingHandler.Handle(new PublishPosting(PostingId, CompanyId, null, Spec.Today.AddDays(5)),
            Spec.Given(Drafted).State(), Spec.Now);
        var scheduled = outgoing.ShouldHaveSingleItem().ShouldBeOfType<Wolverine.DeliveryMessage<ExpirePosting>>();
        scheduled.Message.ShouldBe(new ExpirePosting(PostingId, 1));
        scheduled.Options.ScheduledTime.ShouldBe(new DateTimeOffset(Spec.Today.AddDays(6).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(366)]
    public void an_expiry_outside_today_to_a_year_is_rejected(int days) =>
        Spec.Given(Drafted)
            .When(p => PublishPostingHandler.Handle(new PublishPosting(PostingId, CompanyId, null, Spec.Today.AddDays(days)), p, Spec.Now))
            .ThenFails<ValidationFailed>().Field.ShouldBe("expiresOn");

    [Fact]
    public void publishing_an_open_posting_again_appends_nothing() =>
        Spec.Given(Drafted, Published())
            .When(p => PublishPostingHandler.Handle(new PublishPosting(PostingId, CompanyId, null, null), p, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_closed_posting_is_reopened_not_published() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Cancelled))
            .When(p => PublishPostingHandler.Handle(new PublishPosting(PostingId, CompanyId, null, null), p, Spec.Now))
            .ThenFails<RuleViolation>();

    [Theory]
    [InlineData(CloseReason.Filled)]
    [InlineData(CloseReason.Cancelled)]
    public void the_company_closes_an_open_posting(CloseReason reason) =>
        Spec.Given(Drafted, Published())
            .When(p => ClosePostingHandler.Handle(new ClosePosting(PostingId, CompanyId, null, reason), p, Spec.Now))
            .Then(new PostingClosed(PostingId, CompanyId, reason, Spec.Now));

    [Fact]
    public void expired_is_the_platforms_reason_only() =>
        Spec.Given(Drafted, Published())
            .When(p => ClosePostingHandler.Handle(new ClosePosting(PostingId, CompanyId, null, CloseReason.Expired), p, Spec.Now))
            .ThenFails<ValidationFailed>().Field.ShouldBe("reason");

    [Fact]
    public void a_draft_can_only_be_cancelled() =>
        Spec.Given(Drafted)
            .When(p => ClosePostingHandler.Handle(new ClosePosting(PostingId, CompanyId, null, CloseReason.Filled), p, Spec.Now))
            .ThenFails<RuleViolation>();

    [Fact]
    public void closing_again_for_the_same_reason_appends_nothing() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Filled))
            .When(p => ClosePostingHandler.Handle(new ClosePosting(PostingId, CompanyId, null, CloseReason.Filled), p, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_closed_posting_reopens_in_a_new_generation() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Cancelled))
            .When(p => ReopenPostingHandler.Handle(new ReopenPosting(PostingId, CompanyId, 3, Spec.Today.AddDays(30)), p, Spec.Now))
            .Then(new PostingReopened(PostingId, CompanyId, Spec.Now, Spec.Today.AddDays(30), 2));

    [Fact]
    public void a_draft_is_published_not_reopened() =>
        Spec.Given(Drafted)
            .When(p => ReopenPostingHandler.Handle(new ReopenPosting(PostingId, CompanyId, null, null), p, Spec.Now))
            .ThenFails<RuleViolation>();

    [Fact]
    public void another_company_may_not_close() =>
        Spec.Given(Drafted, Published())
            .When(p => ClosePostingHandler.Handle(new ClosePosting(PostingId, OtherCompanyId, null, CloseReason.Filled), p, Spec.Now))
            .ThenFails<Forbidden>();
}
