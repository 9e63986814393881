using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Domain.Tests.Support;
using Shouldly;

namespace Marketplace.Domain.Tests.Challenges;

public class when_managing_a_challenge
{
    public static readonly Guid ChallengeId = Guid.Parse("0197f000-0000-7000-8000-00000000ca11");
    public static readonly Guid CompanyId = Guid.Parse("0197f000-0000-7000-8000-0000000000c1");

    public static readonly IReadOnlyList<Criterion> Rubric =
    [
        new("service-boundaries", "Splits the domain into services with clear data ownership", 0.6),
        new("resilience", "Handles failures with retries and idempotency", 0.4),
    ];

    public static readonly ChallengeDetails Details = new("microservices", "Design an order pipeline",
        "Design the services that take an order from checkout to delivery.", Difficulty.Medium, 2, Rubric, null, null);

    public static ChallengeDrafted Drafted => new(ChallengeId, CompanyId, Details);
    public static ChallengePublished Published => new(ChallengeId, CompanyId, Spec.Now.AddDays(-1));

    [Fact]
    public void a_draft_is_published() =>
        Spec.Given<Challenge>(Drafted)
            .When(c => PublishChallengeHandler.Handle(new PublishChallenge(ChallengeId, CompanyId, null), c, Spec.Now))
            .Then(new ChallengePublished(ChallengeId, CompanyId, Spec.Now));

    [Fact]
    public void a_changed_rubric_gets_the_next_rubric_version()
    {
        IReadOnlyList<Criterion> rubric = [new("service-boundaries", "Splits the domain into services", 1.0)];
        Spec.Given<Challenge>(Drafted, Published)
            .When(c => ReviseChallengeHandler.Handle(new ReviseChallenge(ChallengeId, CompanyId, null, Rubric: rubric), c))
            .Then(new ChallengeRevised(ChallengeId, CompanyId, Details with { Rubric = rubric }, 2));
    }

    [Fact]
    public void other_changes_keep_the_rubric_version() =>
        Spec.Given<Challenge>(Drafted)
            .When(c => ReviseChallengeHandler.Handle(new ReviseChallenge(ChallengeId, CompanyId, null, Title: "A new title"), c))
            .Then(new ChallengeRevised(ChallengeId, CompanyId, Details with { Title = "A new title" }, 1));

    [Theory]
    [InlineData(0.5, 0.4, "rubric.weight")]
    [InlineData(1.5, -0.5, "rubric.weight")]
    public void weights_must_sum_to_one(double first, double second, string field) =>
        Should.Throw<ValidationFailed>(() => DraftChallengeHandler.Validate(new DraftChallenge(ChallengeId, CompanyId,
                Details with { Rubric = [new("a-key", "Something to score", first), new("b-key", "Something else to score", second)] })))
            .Field.ShouldBe(field);

    [Fact]
    public void the_window_must_close_after_it_opens() =>
        Should.Throw<ValidationFailed>(() => DraftChallengeHandler.Validate(new DraftChallenge(ChallengeId, CompanyId,
            Details with { OpensAt = Spec.Now, ClosesAt = Spec.Now.AddHours(-1) }))).Field.ShouldBe("closesAt");

    [Fact]
    public void only_the_owner_changes_it() =>
        Spec.Given<Challenge>(Drafted)
            .When(c => PublishChallengeHandler.Handle(new PublishChallenge(ChallengeId, null, null), c, Spec.Now))
            .ThenFails<Forbidden>();

    [Fact]
    public void a_draft_cannot_be_closed() =>
        Spec.Given<Challenge>(Drafted)
            .When(c => CloseChallengeHandler.Handle(new CloseChallenge(ChallengeId, CompanyId, null), c, Spec.Now))
            .ThenFails<RuleViolation>();

    [Fact]
    public void closing_twice_appends_nothing() =>
        Spec.Given<Challenge>(Drafted, Published, new ChallengeClosed(ChallengeId, CompanyId, Spec.Now))
            .When(c => CloseChallengeHandler.Handle(new CloseChallenge(ChallengeId, CompanyId, null), c, Spec.Now))
            .ThenNothing();

    [Fact]
    public void a_challenge_whose_window_has_passed_cannot_be_published() =>
        Spec.Given<Challenge>(new ChallengeDrafted(ChallengeId, CompanyId, Details with { ClosesAt = Spec.Now.AddDays(-1) }))
            .When(c => PublishChallengeHandler.Handle(new PublishChallenge(ChallengeId, CompanyId, null), c, Spec.Now))
            .ThenFails<RuleViolation>();
}
