using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Domain.Tests.Support;
using Shouldly;

namespace Marketplace.Domain.Tests.Candidates;

public class when_a_candidate_registers
{
    private static readonly Guid CandidateId = Guid.Parse("0197f000-0000-7000-8000-0000000ca4d1");
    private static readonly CandidateProfile Profile = new("Ada Lovelace", "ada@example.com", "Analyst", ["microservices"], false);

    [Fact]
    public void the_handle_is_stable_and_derived_from_the_id_alone()
    {
        Handles.For(CandidateId).ShouldBe(Handles.For(CandidateId));
        Handles.For(CandidateId).ShouldNotBe(Handles.For(Guid.NewGuid()));
        Handles.For(CandidateId).ShouldMatch("^[a-z]+-[a-z]+-[0-9]{4}$");
    }

    [Fact]
    public void a_new_candidate_starts_a_stream_with_the_handle() =>
        RegisterCandidateHandler.Handle(new RegisterCandidate(CandidateId, Profile), alreadyRegistered: false)
            .Events.ShouldBe([new CandidateRegistered(CandidateId, Handles.For(CandidateId), Profile)]);

    [Fact]
    public void registering_twice_is_refused() =>
        Should.Throw<RuleViolation>(() => RegisterCandidateHandler.Handle(new RegisterCandidate(CandidateId, Profile), alreadyRegistered: true));

    [Theory]
    [InlineData("Ada", "not-an-email", "email")]
    [InlineData("A", "ada@example.com", "displayName")]
    public void a_bad_profile_names_the_field(string name, string email, string field) =>
        Should.Throw<ValidationFailed>(() => RegisterCandidateHandler.Validate(new RegisterCandidate(CandidateId, Profile with { DisplayName = name, Email = email })))
            .Field.ShouldBe(field);

    [Fact]
    public void an_update_that_changes_nothing_appends_nothing() =>
        Spec.Given<Candidate>(new CandidateRegistered(CandidateId, Handles.For(CandidateId), Profile))
            .When(c => UpdateCandidateProfileHandler.Handle(new UpdateCandidateProfile(CandidateId, null, Skills: ["microservices"]), c))
            .ThenNothing();

    [Fact]
    public void an_update_carries_the_whole_new_profile() =>
        Spec.Given<Candidate>(new CandidateRegistered(CandidateId, Handles.For(CandidateId), Profile))
            .When(c => UpdateCandidateProfileHandler.Handle(new UpdateCandidateProfile(CandidateId, 1, Discoverable: true), c))
            .Then(new CandidateProfileUpdated(CandidateId, Profile with { Discoverable = true }));
}
