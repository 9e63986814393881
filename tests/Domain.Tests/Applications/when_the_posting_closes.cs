using Marketplace.Domain.Applications;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Tests.Postings;
using Marketplace.Domain.Tests.Support;

namespace Marketplace.Domain.Tests.Applications;

public class when_the_posting_closes
{
    private static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    private static readonly Guid ApplicationId = Applying.IdFor(CandidateId, PostingHistory.PostingId, 1);

    private static ApplicationSubmitted Submitted => new(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, CandidateId,
        ApplicationSource.Direct, null, [], ["microservices"], false, null, Spec.Now.AddDays(-4));

    private static ApplicationAdvanced ToInterview => new(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied,
        Stage.Interview, [Stage.Screening], null, "recruiter", Spec.Now.AddDays(-2));

    private static ClosePostingPipeline Closed(CloseReason reason) => new(PostingHistory.PostingId, reason);

    [Theory]
    [InlineData(CloseReason.Filled, "The posting closed (FILLED).")]
    [InlineData(CloseReason.Cancelled, "The posting closed (CANCELLED).")]
    [InlineData(CloseReason.Expired, "The posting closed (EXPIRED).")]
    public void an_active_application_closes_at_its_stage_saying_why(CloseReason reason, string why) =>
        Spec.Given<Application>(Submitted, ToInterview)
            .When(a => ApplicationClosing.WhenPostingCloses(Closed(reason), a, Spec.Now))
            .Then(new ApplicationClosed(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Interview, why, Spec.Now));

    [Fact]
    public void an_application_that_has_ended_stays_as_it_is() =>
        Spec.Given<Application>(Submitted,
                new ApplicationRejected(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, RejectionReason.Other, null, "recruiter", Spec.Now))
            .When(a => ApplicationClosing.WhenPostingCloses(Closed(CloseReason.Filled), a, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_redelivery_after_the_close_changes_nothing() =>
        Spec.Given<Application>(Submitted,
                new ApplicationClosed(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, "The posting closed (FILLED).", Spec.Now))
            .When(a => ApplicationClosing.WhenPostingCloses(Closed(CloseReason.Filled), a, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_missing_application_is_left_alone() =>
        Spec.Given<Application>()
            .When(a => ApplicationClosing.WhenPostingCloses(Closed(CloseReason.Filled), a, Spec.Now))
            .ThenNothing();
}
