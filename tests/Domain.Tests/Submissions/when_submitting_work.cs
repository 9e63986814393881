using Marketplace.Domain.Candidates;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Tests.Challenges;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Challenges.when_managing_a_challenge;

namespace Marketplace.Domain.Tests.Submissions;

public class when_submitting_work
{
    private static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    private static readonly Challenge Open = Spec.Given<Challenge>(Drafted, Published).State()!;

    private static readonly Candidate Registered =
        new(CandidateId, "calm-heron-0001", new CandidateProfile("Ada", "ada@example.com", null, ["microservices"], false));

    private static SubmitToChallenge Work(string? content = "My design of the services.") => new(ChallengeId, CandidateId, content, null);

    [Fact]
    public void the_first_attempt_starts_a_stream_under_its_derived_id_and_queues_the_review()
    {
        var (accepted, start, outgoing) = SubmitToChallengeHandler.Handle(Work(), Registered, Open, 1, Spec.Now);

        var id = SubmissionIds.For(ChallengeId, CandidateId, 1);
        var received = new SubmissionReceived(id, ChallengeId, CandidateId, CompanyId, "microservices", 1, "My design of the services.", null, Spec.Now);
        accepted.ShouldBe(new SubmissionAccepted(received));
        (accepted.SubmissionId, accepted.Attempt).ShouldBe((id, 1));
        start.StreamId.ShouldBe(id);
        start.Events.ShouldHaveSingleItem().ShouldBe(received);
        outgoing.ShouldBe([new ReviewSubmission(id, ChallengeId)]);
    }

    [Fact]
    public void work_needs_a_registered_profile_that_is_not_erased()
    {
        Should.Throw<RuleViolation>(() => SubmitToChallengeHandler.Handle(Work(), null, Open, 1, Spec.Now)).Message.ShouldContain("registerCandidate");
        Should.Throw<RuleViolation>(() => SubmitToChallengeHandler.Handle(Work(), Registered with { Erased = true }, Open, 1, Spec.Now))
            .Message.ShouldContain("registerCandidate");
    }

    [Fact]
    public void attempts_have_distinct_ids_per_candidate_and_challenge()
    {
        SubmissionIds.For(ChallengeId, CandidateId, 1).ShouldNotBe(SubmissionIds.For(ChallengeId, CandidateId, 2));
        SubmissionIds.For(ChallengeId, CandidateId, 1).ShouldBe(SubmissionIds.For(ChallengeId, CandidateId, 1));
    }

    [Fact]
    public void an_attempt_past_the_maximum_is_refused() =>
        Should.Throw<RuleViolation>(() => SubmitToChallengeHandler.Handle(Work(), Registered, Open, 3, Spec.Now)).Message.ShouldContain("2 attempts");

    [Fact]
    public void a_draft_challenge_is_not_found() =>
        Should.Throw<NotFound>(() => SubmitToChallengeHandler.Handle(Work(), Registered, Spec.Given<Challenge>(Drafted).State(), 1, Spec.Now));

    [Fact]
    public void outside_the_window_nothing_is_accepted()
    {
        var later = Spec.Given<Challenge>(new ChallengeDrafted(ChallengeId, CompanyId, Details with { OpensAt = Spec.Now.AddHours(1) }), Published).State();
        Should.Throw<RuleViolation>(() => SubmitToChallengeHandler.Handle(Work(), Registered, later, 1, Spec.Now));
    }

    [Fact]
    public void work_needs_content_or_a_repository() =>
        Should.Throw<ValidationFailed>(() => SubmitToChallengeHandler.Validate(Work(content: "  "))).Field.ShouldBe("content");

    private static SubmissionReceived Received => new(SubmissionIds.For(ChallengeId, CandidateId, 1), ChallengeId, CandidateId, CompanyId,
        "microservices", 1, "work", null, Spec.Now);

    [Fact]
    public void only_its_candidate_withdraws_a_submission() =>
        Spec.Given<Submission>(Received)
            .When(s => WithdrawSubmissionHandler.Handle(new WithdrawSubmission(Received.SubmissionId, Guid.NewGuid(), null), s, Spec.Now))
            .ThenFails<NotFound>();

    [Fact]
    public void a_withdrawal_is_recorded_once() =>
        Spec.Given<Submission>(Received, new SubmissionWithdrawn(Received.SubmissionId, ChallengeId, CandidateId, Spec.Now))
            .When(s => WithdrawSubmissionHandler.Handle(new WithdrawSubmission(Received.SubmissionId, CandidateId, null), s, Spec.Now))
            .ThenNothing();

    [Fact]
    public void only_a_flagged_submission_has_a_flag_to_review() =>
        Spec.Given<Submission>(Received)
            .When(s => ReviewSubmissionFlagHandler.Handle(new ReviewSubmissionFlag(Received.SubmissionId, CompanyId, null, true, null), s))
            .ThenFails<RuleViolation>();

    [Fact]
    public void the_owner_confirms_a_flag() =>
        Spec.Given<Submission>(Received, new SubmissionFlagged(Received.SubmissionId, ChallengeId, Guid.Empty, 0.93))
            .When(s => ReviewSubmissionFlagHandler.Handle(new ReviewSubmissionFlag(Received.SubmissionId, CompanyId, null, true, "copied"), s))
            .Then(new SubmissionFlagReviewed(Received.SubmissionId, ChallengeId, true, "copied"));

    [Fact]
    public void a_failure_is_recorded_only_while_feedback_is_pending()
    {
        Spec.Given<Submission>(Received)
            .When(s => RecordFeedbackFailureHandler.Handle(new RecordFeedbackFailure(Received.SubmissionId, "down"), s))
            .Then(new FeedbackFailed(Received.SubmissionId, ChallengeId, CandidateId, "down"));
        RecordFeedbackFailureHandler.Handle(new RecordFeedbackFailure(Received.SubmissionId, "down"), Spec.Given<Submission>(Received).State())
            .Item2.ShouldBe([new CheckForCopies(Received.SubmissionId, ChallengeId, CandidateId)], "a failed review still gets its copy check");
        Spec.Given<Submission>(Received, new SubmissionWithdrawn(Received.SubmissionId, ChallengeId, CandidateId, Spec.Now))
            .When(s => RecordFeedbackFailureHandler.Handle(new RecordFeedbackFailure(Received.SubmissionId, "down"), s))
            .ThenNothing();
    }
}
