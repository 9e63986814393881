using Marketplace.Domain.Applications;
using Marketplace.Domain.Common;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Tests.Postings;
using Marketplace.Domain.Tests.Support;
using Shouldly;

namespace Marketplace.Domain.Tests.Applications;

public class when_applying_and_moving
{
    private static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    private static readonly Posting Open = Spec.Given(PostingHistory.Drafted, PostingHistory.Published()).State()!;
    private static readonly Guid ApplicationId = Applying.IdFor(CandidateId, PostingHistory.PostingId, 1);

    private static ApplicationSubmitted Submitted => new(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, CandidateId,
        ApplicationSource.Direct, null, [], ["microservices"], false, null, Spec.Now);

    private static (ApplicationAccepted, Wolverine.Marten.IStartStream) Apply(PriorApplications prior, Posting? posting = null) =>
        Applying.Decide(new ApplicationRequest(CandidateId, PostingHistory.PostingId, ApplicationSource.Direct, null, [], null),
            posting ?? Open, prior, Array.Empty<Submission?>(), Spec.Now);

    [Fact]
    public void a_first_application_starts_the_first_stream() =>
        Apply(new PriorApplications(0, null)).Item1.ApplicationId.ShouldBe(ApplicationId);

    [Fact]
    public void an_active_application_answers_already_applied_naming_it() =>
        Should.Throw<AlreadyApplied>(() => Apply(new PriorApplications(1, Spec.Given<Application>(Submitted).State())))
            .ApplicationId.ShouldBe(ApplicationId);

    [Fact]
    public void a_withdrawn_application_may_be_renewed_as_the_next_stream()
    {
        var withdrawn = Spec.Given<Application>(Submitted, new ApplicationWithdrawn(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, null, Spec.Now)).State();
        Apply(new PriorApplications(1, withdrawn)).Item1.ApplicationId.ShouldBe(Applying.IdFor(CandidateId, PostingHistory.PostingId, 2));
    }

    [Fact]
    public void a_rejected_application_is_final()
    {
        var rejected = Spec.Given<Application>(Submitted, new ApplicationRejected(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, RejectionReason.Other, null, "x", Spec.Now)).State();
        Should.Throw<RuleViolation>(() => Apply(new PriorApplications(1, rejected)));
    }

    [Fact]
    public void a_closed_posting_takes_no_applications() =>
        Should.Throw<RuleViolation>(() => Apply(new PriorApplications(0, null),
            Spec.Given(PostingHistory.Drafted, PostingHistory.Published(), PostingHistory.Closed(CloseReason.Filled)).State()));

    [Fact]
    public void advancing_records_the_skipped_stages() =>
        Spec.Given<Application>(Submitted)
            .When(a => AdvanceApplicationHandler.Handle(new AdvanceApplication(ApplicationId, PostingHistory.CompanyId, "m", null, Stage.Interview, null), a, Spec.Now))
            .Then(new ApplicationAdvanced(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, Stage.Interview, [Stage.Screening], null, "m", Spec.Now));

    [Fact]
    public void stages_never_move_back() =>
        Spec.Given<Application>(Submitted, new ApplicationAdvanced(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, Stage.Interview, [Stage.Screening], null, "m", Spec.Now))
            .When(a => AdvanceApplicationHandler.Handle(new AdvanceApplication(ApplicationId, PostingHistory.CompanyId, "m", null, Stage.Screening, null), a, Spec.Now))
            .ThenFails<RuleViolation>();

    [Fact]
    public void accepting_an_offer_hires_and_tells_the_posting()
    {
        var offered = Spec.Given<Application>(Submitted, new OfferExtended(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, Stage.Applied, [Stage.Screening, Stage.Interview], null, "m", Spec.Now)).State();
        var (events, outgoing) = AcceptOfferHandler.Handle(new AcceptOffer(ApplicationId, CandidateId, null), offered, Spec.Now);
        events.ShouldBe([new OfferAccepted(ApplicationId, PostingHistory.PostingId, PostingHistory.CompanyId, CandidateId, Spec.Now)]);
        outgoing.ShouldBe([new RecordHire(PostingHistory.PostingId, ApplicationId)]);
    }

    [Fact]
    public void the_hire_that_fills_the_last_opening_closes_the_posting() =>
        Spec.Given(PostingHistory.Drafted, PostingHistory.Published())
            .When(p => RecordHireHandler.Handle(new RecordHire(PostingHistory.PostingId, ApplicationId), p, Spec.Now))
            .Then(new PostingHireRecorded(PostingHistory.PostingId, PostingHistory.CompanyId, ApplicationId, Spec.Now),
                new PostingClosed(PostingHistory.PostingId, PostingHistory.CompanyId, CloseReason.Filled, Spec.Now));

    [Fact]
    public void a_hire_is_counted_once() =>
        Spec.Given(PostingHistory.Drafted, PostingHistory.Published(), new PostingHireRecorded(PostingHistory.PostingId, PostingHistory.CompanyId, ApplicationId, Spec.Now))
            .When(p => RecordHireHandler.Handle(new RecordHire(PostingHistory.PostingId, ApplicationId), p, Spec.Now))
            .ThenNothing();

    [Fact]
    public void another_companys_application_answers_as_not_found() =>
        Spec.Given<Application>(Submitted)
            .When(a => RejectApplicationHandler.Handle(new RejectApplication(ApplicationId, PostingHistory.OtherCompanyId, "m", null, RejectionReason.Other, null), a, Spec.Now))
            .ThenFails<NotFound>();
}
