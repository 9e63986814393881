using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Api.Tests.Support;
using Marten;
using Shouldly;

namespace Marketplace.Api.Tests.Reliability;

public class idempotent_commands(AppFixture app)
{
    private static string Key() => "key-" + Guid.NewGuid().ToString("N");

    private async Task<int> EventsIn(Guid stream)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Count;
    }

    private async Task<int> PostingsOf(Guid company)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Marketplace.Projections.Postings.PostingView>().CountAsync(p => p.CompanyId == company);
    }

    [Fact]
    public async Task a_repeated_draft_answers_with_the_first_posting_and_creates_nothing()
    {
        var company = await app.RegisterCompany();
        var input = new Dictionary<string, object?>(Scenarios.PostingInputMap()) { ["idempotencyKey"] = Key() };

        var first = await app.DraftPosting(company.Token, input);
        var again = await app.DraftPosting(company.Token, input);

        again.Errors.ShouldBeEmpty();
        again.Data("draftPosting.posting.id").GetString().ShouldBe(first.Data("draftPosting.posting.id").GetString());
        (await PostingsOf(company.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task a_repeat_answers_what_the_first_request_answered_even_after_the_object_changed()
    {
        var company = await app.RegisterCompany();
        var input = new Dictionary<string, object?>(Scenarios.PostingInputMap("First title")) { ["idempotencyKey"] = Key() };
        var first = await app.DraftPosting(company.Token, input);
        var posting = first.Data("draftPosting.posting.id").GetString();
        (await app.Lifecycle("revisePosting", company.Token, new { postingId = posting, title = "Second title" })).Errors.ShouldBeEmpty();

        var again = await app.DraftPosting(company.Token, input);

        again.Errors.ShouldBeEmpty();
        again.Data("draftPosting.posting.id").GetString().ShouldBe(posting);
        again.Data("draftPosting.posting.title").GetString().ShouldBe("First title");
        again.Data("draftPosting.posting.version").GetInt32().ShouldBe(first.Data("draftPosting.posting.version").GetInt32());
        again.Data("draftPosting.posting").ToString().ShouldBe(first.Data("draftPosting.posting").ToString());
        (await PostingsOf(company.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task a_repeated_application_answers_the_first_answer_after_the_application_moved()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var candidate = await app.RegisterCandidate();
        var input = new { postingId = posting, coverNote = "Hello", idempotencyKey = Key() };
        const string apply = "mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id stage version } } }";
        var first = await app.Host.GraphQL(apply, new { input }, candidate.Token);
        var application = first.Data("applyToPosting.application.id").GetString();
        (await app.Move("advanceApplication", company.Token, new { applicationId = application, toStage = "SCREENING" })).Errors.ShouldBeEmpty();

        var again = await app.Host.GraphQL(apply, new { input }, candidate.Token);

        again.Errors.ShouldBeEmpty();
        again.Data("applyToPosting.application").ToString().ShouldBe(first.Data("applyToPosting.application").ToString());
        again.Data("applyToPosting.application.stage").GetString().ShouldBe("APPLIED");
    }

    [Fact]
    public async Task without_a_key_the_same_draft_twice_makes_two_postings()
    {
        var company = await app.RegisterCompany();
        await app.DraftPosting(company.Token, Scenarios.PostingInput());
        await app.DraftPosting(company.Token, Scenarios.PostingInput());
        (await PostingsOf(company.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task the_same_key_with_another_input_is_a_conflict_and_changes_nothing()
    {
        var company = await app.RegisterCompany();
        var key = Key();
        await app.DraftPosting(company.Token, new Dictionary<string, object?>(Scenarios.PostingInputMap()) { ["idempotencyKey"] = key });

        var other = await app.DraftPosting(company.Token,
            new Dictionary<string, object?>(Scenarios.PostingInputMap("Another title")) { ["idempotencyKey"] = key });

        other.ShouldFailWith("CONFLICT");
        (await PostingsOf(company.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task keys_belong_to_their_caller()
    {
        var key = Key();
        var one = await app.RegisterCompany();
        var two = await app.RegisterCompany();
        var input = new Dictionary<string, object?>(Scenarios.PostingInputMap()) { ["idempotencyKey"] = key };

        var first = await app.DraftPosting(one.Token, input);
        var second = await app.DraftPosting(two.Token, input);

        second.Data("draftPosting.posting.id").GetString().ShouldNotBe(first.Data("draftPosting.posting.id").GetString());
        (await PostingsOf(two.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task a_repeated_stage_change_appends_once()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var candidate = await app.RegisterCandidate();
        var application = await app.Applied(candidate, posting);
        var input = new { applicationId = application, toStage = "SCREENING", idempotencyKey = Key() };

        var first = await app.Move("advanceApplication", company.Token, input);
        var again = await app.Move("advanceApplication", company.Token, input);

        first.Errors.ShouldBeEmpty();
        again.Errors.ShouldBeEmpty();
        again.Data("advanceApplication.application.stage").GetString().ShouldBe("SCREENING");
        (await EventsIn(application)).ShouldBe(2);
    }

    [Fact]
    public async Task ten_concurrent_applications_under_one_key_make_one_application_and_all_get_it()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var candidate = await app.RegisterCandidate();
        var key = Key();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.Host.GraphQL(
            "mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }",
            new { input = new { postingId = posting, coverNote = "Hello", idempotencyKey = key } }, candidate.Token)));

        answers.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", answers.Select(a => a.Body)));
        answers.Select(a => a.Data("applyToPosting.application.id").GetString()).Distinct().Count().ShouldBe(1);
        await using var session = app.Store.QuerySession();
        (await session.Query<Marketplace.Projections.Applications.ApplicationView>()
            .CountAsync(a => a.CandidateId == candidate.Id && a.PostingId == posting)).ShouldBe(1);
    }

    [Fact]
    public async Task a_key_whose_command_was_refused_is_not_spent()
    {
        var company = await app.RegisterCompany();
        var posting = await app.DraftedPosting(company);
        var candidate = await app.RegisterCandidate();
        var input = new { postingId = posting, coverNote = "Hello", idempotencyKey = Key() };
        const string apply = "mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id } } }";

        // The handler refuses: the posting is not open yet.
        (await app.Host.GraphQL(apply, new { input }, candidate.Token)).ShouldFailWith("NOT_FOUND");
        (await app.Lifecycle("publishPosting", company.Token, new { postingId = posting })).Errors.ShouldBeEmpty();

        // Had the refusal stored the key, this repeat would answer without applying.
        var again = await app.Host.GraphQL(apply, new { input }, candidate.Token);
        again.Errors.ShouldBeEmpty();
        await using var session = app.Store.QuerySession();
        (await session.Query<Marketplace.Projections.Applications.ApplicationView>()
            .CountAsync(a => a.CandidateId == candidate.Id && a.PostingId == posting)).ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    public async Task an_empty_or_overlong_key_is_refused_and_changes_nothing(string seed)
    {
        var company = await app.RegisterCompany();
        var key = seed.Length == 0 ? "" : new string('k', IdempotencyOptions.MaxKeyLength + 1);
        var response = await app.DraftPosting(company.Token, new Dictionary<string, object?>(Scenarios.PostingInputMap()) { ["idempotencyKey"] = key });
        response.ShouldFailWith("VALIDATION_FAILED");
        (await PostingsOf(company.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task a_key_is_no_way_around_authorization()
    {
        var company = await app.RegisterCompany();
        var candidate = await app.RegisterCandidate();
        var response = await app.DraftPosting(candidate.Token, new Dictionary<string, object?>(Scenarios.PostingInputMap()) { ["idempotencyKey"] = Key() });
        response.ShouldFailWith("FORBIDDEN");
        (await PostingsOf(company.Id)).ShouldBe(0);
    }

    // A handler that loses a race is run again inside the same mutation (a stream collision: decide again; a concurrency
    // conflict: retry). The retry's commit must carry the key too, or the client that never got its answer (a crash, a
    // timeout) and sends again under its key gets the command done a second time.

    [Fact]
    public async Task submissions_that_raced_for_an_attempt_keep_their_keys()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(maxAttempts: 10));
        var candidate = await app.RegisterCandidate();
        var keys = Enumerable.Range(0, 4).Select(_ => Key()).ToList();
        Task<GraphQLResponse[]> SubmitAll() => Task.WhenAll(keys.Select((key, i) => app.Host.GraphQL(
            "mutation($input: SubmitToChallengeInput!) { submitToChallenge(input: $input) { submission { id } } }",
            new { input = new { challengeId = challenge, content = $"Attempt {i}: services, retries and tracing.", idempotencyKey = key } },
            candidate.Token)));

        // All four decide on attempt 1 at once; three collide and decide again.
        var first = await SubmitAll();
        first.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", first.Select(a => a.Body)));
        // Every client sends again under its key, as one would that never got the answer.
        var again = await SubmitAll();

        again.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", again.Select(a => a.Body)));
        again.Select(a => a.Data("submitToChallenge.submission.id").GetString())
            .ShouldBe(first.Select(a => a.Data("submitToChallenge.submission.id").GetString()));
        await using var session = app.Store.QuerySession();
        (await session.Query<Marketplace.Projections.Submissions.SubmissionView>()
            .CountAsync(s => s.ChallengeId == challenge && s.CandidateId == candidate.Id)).ShouldBe(4);
    }

    [Fact]
    public async Task revisions_retried_after_a_concurrency_conflict_keep_their_keys()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var keys = Enumerable.Range(0, 10).Select(_ => Key()).ToList();
        Task<GraphQLResponse[]> ReviseAll() => Task.WhenAll(keys.Select((key, i) =>
            app.Lifecycle("revisePosting", company.Token, new { postingId = posting, title = $"Backend Engineer #{i}", idempotencyKey = key })));

        // Ten writers on one stream: most lose a race at least once and are retried.
        var first = await ReviseAll();
        first.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", first.Select(a => a.Body).Distinct()));
        var again = await ReviseAll();

        again.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", again.Select(a => a.Body).Distinct()));
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(posting)).Select(e => e.Data).OfType<Marketplace.Domain.Postings.PostingRevised>()
            .Count().ShouldBe(10, "each revision once, however often its client sent it");
    }
}
