using Marketplace.Domain.Postings;
using Marketplace.Domain.Tests.Support;
using static Marketplace.Domain.Tests.Postings.PostingHistory;

namespace Marketplace.Domain.Tests.Postings;

public class when_a_posting_expires
{
    [Fact]
    public void an_open_posting_of_the_same_generation_closes_as_expired() =>
        Spec.Given(Drafted, Published())
            .When(p => ExpirePostingHandler.Handle(new ExpirePosting(PostingId, 1), p, Spec.Now))
            .Then(new PostingClosed(PostingId, CompanyId, CloseReason.Expired, Spec.Now));

    [Fact]
    public void a_second_delivery_changes_nothing() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Expired))
            .When(p => ExpirePostingHandler.Handle(new ExpirePosting(PostingId, 1), p, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_posting_the_company_closed_stays_as_it_was() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Filled))
            .When(p => ExpirePostingHandler.Handle(new ExpirePosting(PostingId, 1), p, Spec.Now))
            .ThenNothing();

    [Fact]
    public void an_expiry_from_before_a_reopen_is_stale() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Cancelled), Reopened(2))
            .When(p => ExpirePostingHandler.Handle(new ExpirePosting(PostingId, 1), p, Spec.Now))
            .ThenNothing();

    [Fact]
    public void the_reopened_generations_expiry_closes_it() =>
        Spec.Given(Drafted, Published(), Closed(CloseReason.Cancelled), Reopened(2))
            .When(p => ExpirePostingHandler.Handle(new ExpirePosting(PostingId, 2), p, Spec.Now))
            .Then(new PostingClosed(PostingId, CompanyId, CloseReason.Expired, Spec.Now));

    [Fact]
    public void an_expiry_for_a_missing_posting_is_ignored() =>
        Spec.Given()
            .When(p => ExpirePostingHandler.Handle(new ExpirePosting(PostingId, 1), p, Spec.Now))
            .ThenNothing();
}
