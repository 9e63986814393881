using Marketplace.Api.Tests.Support;
using Marten;
using Npgsql;
using Shouldly;
using Wolverine.Tracking;

namespace Marketplace.Api.Tests.Submissions;

public class practising_on_a_challenge(AppFixture app)
{
    [Fact]
    public async Task a_candidate_submits_gets_feedback_per_criterion_and_is_ranked_on_the_leaderboard()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var strong = await app.RegisterCandidate("Strong Candidate");
        var thin = await app.RegisterCandidate("Thin Candidate");

        var submitted = (await app.Submit(strong.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission");
        submitted.GetProperty("attempt").GetInt32().ShouldBe(1);
        submitted.GetProperty("status").GetString().ShouldBe("FEEDBACK_PENDING");
        var strongId = Guid.Parse(submitted.GetProperty("id").GetString()!);
        var thinId = Guid.Parse((await app.Submit(thin.Token, challenge, "I would use microservices and retry things.")).Data("submitToChallenge.submission.id").GetString()!);

        var reviewed = await app.Settled(strongId, strong.Token);
        reviewed.GetProperty("status").GetString().ShouldBe("FEEDBACK_READY");
        var feedback = reviewed.GetProperty("feedback");
        feedback.GetProperty("reviewer").GetString().ShouldBe("rubric-v1");
        feedback.GetProperty("rubricVersion").GetInt32().ShouldBe(1);
        feedback.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("key").GetString())
            .ShouldBe(["service-boundaries", "resilience", "observability"]);
        feedback.GetProperty("criteria").EnumerateArray().ShouldAllBe(c => c.GetProperty("comment").GetString()!.Length > 10);
        var strongScore = feedback.GetProperty("overallScore").GetInt32();
        var thinScore = (await app.Settled(thinId, thin.Token)).GetProperty("feedback").GetProperty("overallScore").GetInt32();
        strongScore.ShouldBeGreaterThan(thinScore);

        var board = await Eventually.Until(() => app.Challenge(challenge, extra: "leaderboard { totalCount edges { node { rank handle bestScore } } }"),
            c => c.GetProperty("leaderboard").GetProperty("totalCount").GetInt32() == 2);
        var rows = board.GetProperty("leaderboard").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        rows.Select(r => r.GetProperty("handle").GetString()).ShouldBe([strong.Handle, thin.Handle]);
        rows[0].GetProperty("rank").GetInt32().ShouldBe(1);
        rows[0].GetProperty("bestScore").GetInt32().ShouldBe(strongScore);
        board.GetProperty("submissionCount").GetInt32().ShouldBe(2);
        board.GetProperty("averageScore").GetDouble().ShouldBe(Math.Round((strongScore + thinScore) / 2.0, 1));
        board.ToString().ShouldNotContain("Strong Candidate", customMessage: "leaderboards show handles, never names");
    }

    [Fact]
    public async Task a_copied_submission_is_flagged_and_its_owner_confirms_or_dismisses_the_flag()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var original = await app.RegisterCandidate();
        var copier = await app.RegisterCandidate();
        var originalId = Guid.Parse((await app.Submit(original.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(originalId, original.Token);

        var copy = ChallengeScenarios.GoodWork.Replace("Orders, payments and shipping", "Ordering, payment and shipping");
        var copyId = Guid.Parse((await app.Submit(copier.Token, challenge, copy)).Data("submitToChallenge.submission.id").GetString()!);
        var flagged = await Eventually.Until(() => app.Submission(copyId, company.Token), s => s?.GetProperty("flagged").GetBoolean() == true);
        flagged!.Value.GetProperty("flagged").GetBoolean().ShouldBeTrue();
        flagged.Value.GetProperty("similarity").GetDouble().ShouldBeGreaterThan(0.8);
        (await app.Submission(originalId, company.Token))!.Value.GetProperty("flagged").GetBoolean().ShouldBeFalse();

        const string review = "mutation($input: ReviewFlagInput!) { reviewSubmissionFlag(input: $input) { submission { flagConfirmed status } } }";
        var other = await app.RegisterCompany();
        (await app.Host.GraphQL(review, new { input = new { submissionId = copyId, confirmed = true } }, other.Token)).ShouldFailWith("NOT_FOUND");
        (await app.Host.GraphQL(review, new { input = new { submissionId = copyId, confirmed = true } }, copier.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(review, new { input = new { submissionId = copyId, confirmed = true } })).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(review, new { input = new { submissionId = originalId, confirmed = true } }, company.Token)).ShouldFailWith("RULE_VIOLATION");
        (await app.Host.GraphQL(review, new { input = new { submissionId = copyId, confirmed = true, note = new string('n', 1001) } }, company.Token))
            .ShouldFailWith("VALIDATION_FAILED");

        var confirmed = (await app.Host.GraphQL(review, new { input = new { submissionId = copyId, confirmed = true, note = "Same text as another candidate" } }, company.Token))
            .Data("reviewSubmissionFlag.submission");
        confirmed.GetProperty("flagConfirmed").GetBoolean().ShouldBeTrue();
        confirmed.GetProperty("status").GetString().ShouldNotBe("WITHDRAWN", "a flag never rejects anything by itself");
    }

    [Fact]
    public async Task the_attempt_limit_holds_when_one_candidate_submits_many_times_at_once()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(maxAttempts: 2));
        var candidate = await app.RegisterCandidate();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => app.Submit(candidate.Token, challenge, $"Attempt {i}: services, retries and tracing.")));

        responses.Count(r => r.Errors.Count == 0).ShouldBe(2, string.Join("\n", responses.Select(r => r.Body)));
        responses.Where(r => r.Errors.Count > 0).ShouldAllBe(r => r.ErrorCode == "RULE_VIOLATION");
        responses.Where(r => r.Errors.Count == 0).Select(r => r.Data("submitToChallenge.submission.attempt").GetInt32()).Order().ShouldBe([1, 2]);
        await using var session = app.Store.QuerySession();
        (await session.Query<Marketplace.Projections.Submissions.SubmissionView>()
            .CountAsync(s => s.ChallengeId == challenge && s.CandidateId == candidate.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task a_reviewer_outage_ends_in_feedback_failed_and_a_dead_letter_not_silence()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();

        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, $"My design. {OutageReviewer.Marker}")).Data("submitToChallenge.submission.id").GetString()!);

        var failed = await app.Settled(id, candidate.Token);
        failed.GetProperty("status").GetString().ShouldBe("FEEDBACK_FAILED");
        failed.GetProperty("failureReason").GetString().ShouldBe("The reviewer did not answer.");
        failed.GetProperty("feedback").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from wolverine_dead_letters where message_type like '%ReviewSubmission%'", connection);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBeGreaterThanOrEqualTo(1, "the job is kept for replay");
    }

    [Fact]
    public async Task submissions_are_seen_by_their_candidate_and_the_challenges_owner_only()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();
        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, "Services with retries.")).Data("submitToChallenge.submission.id").GetString()!);

        (await app.Submission(id, candidate.Token)).ShouldNotBeNull();
        (await app.Submission(id, company.Token)).ShouldNotBeNull();
        (await app.Submission(id, (await app.RegisterCandidate()).Token)).ShouldBeNull();
        (await app.Submission(id, (await app.RegisterCompany()).Token)).ShouldBeNull();
        (await app.Submission(id, null)).ShouldBeNull();
        (await app.Host.GraphQL("{ me { submissions { id } } }", token: candidate.Token)).Data("me.submissions")
            .EnumerateArray().Select(s => s.GetProperty("id").GetString()).ShouldBe([id.ToString()]);
    }

    [Fact]
    public async Task a_withdrawn_submission_leaves_the_leaderboard_but_keeps_its_attempt()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(maxAttempts: 1));
        var candidate = await app.RegisterCandidate();
        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(id, candidate.Token);
        await Eventually.Until(() => app.Challenge(challenge), c => c.GetProperty("submissionCount").GetInt32() == 1);

        const string withdraw = "mutation($input: SubmissionIdInput!) { withdrawSubmission(input: $input) { submission { status } } }";
        (await app.Host.GraphQL(withdraw, new { input = new { submissionId = id } }, (await app.RegisterCandidate()).Token)).ShouldFailWith("NOT_FOUND");
        (await app.Host.GraphQL(withdraw, new { input = new { submissionId = id } }, company.Token)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(withdraw, new { input = new { submissionId = id } })).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(withdraw, new { input = new { submissionId = "nope" } }, candidate.Token)).ShouldFailWith("VALIDATION_FAILED");
        (await app.Host.GraphQL(withdraw, new { input = new { submissionId = id } }, candidate.Token))
            .Data("withdrawSubmission.submission.status").GetString().ShouldBe("WITHDRAWN");

        // The figures and the board's page are two statements of one request: an answer read while the daemon commits can
        // see the withdrawal in one and not yet in the other, so the test waits for both.
        var board = await Eventually.Until(() => app.Challenge(challenge, extra: "leaderboard { totalCount edges { node { handle } } }"),
            c => c.GetProperty("submissionCount").GetInt32() == 0 && c.GetProperty("leaderboard").GetProperty("totalCount").GetInt32() == 0);
        board.GetProperty("submissionCount").GetInt32().ShouldBe(0);
        board.GetProperty("leaderboard").GetProperty("totalCount").GetInt32().ShouldBe(0);
        board.GetProperty("leaderboard").GetProperty("edges").GetArrayLength().ShouldBe(0);
        (await app.Submit(candidate.Token, challenge, "A second try.")).ShouldFailWith("RULE_VIOLATION");
    }

    [Fact]
    public async Task submitting_needs_a_registered_candidate_and_an_open_challenge()
    {
        var company = await app.RegisterCompany();
        var open = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();

        (await app.Submit(null, open, "work")).ShouldFailWith("UNAUTHENTICATED");
        (await app.Submit(company.Token, open, "work")).ShouldFailWith("FORBIDDEN");
        (await app.Submit(app.Token(Marketplace.Api.Infrastructure.Identity.Roles.Candidate), open, "work")).ShouldFailWith("RULE_VIOLATION");

        var draft = Guid.Parse((await app.DraftChallenge(company.Token, ChallengeScenarios.ChallengeInput())).Data("draftChallenge.challenge.id").GetString()!);
        (await app.Submit(candidate.Token, draft, "work")).ShouldFailWith("NOT_FOUND");
        (await app.Submit(candidate.Token, Guid.NewGuid(), "work")).ShouldFailWith("NOT_FOUND");
        var later = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(opensAt: DateTimeOffset.UtcNow.AddDays(1)));
        (await app.Submit(candidate.Token, later, "work")).ShouldFailWith("RULE_VIOLATION");
        await app.ChallengeMutation("closeChallenge", company.Token, new { challengeId = open });
        (await app.Submit(candidate.Token, open, "work")).ShouldFailWith("RULE_VIOLATION");
    }

    [Theory]
    [InlineData(null, null, "content")]
    [InlineData("work", "ftp://example.com/repo", "repositoryUrl")]
    [InlineData("work", "not a url", "repositoryUrl")]
    [InlineData("huge", null, "content")]
    public async Task bad_submissions_name_the_field_and_use_no_attempt(string? content, string? url, string field)
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, ChallengeScenarios.ChallengeInput(maxAttempts: 1));
        var candidate = await app.RegisterCandidate();
        var response = await app.Submit(candidate.Token, challenge, content == "huge" ? new string('x', 50_001) : content, url);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
        (await app.Submit(candidate.Token, challenge, "Now a proper one.", "https://github.com/example/orders")).Data("submitToChallenge.submission.attempt").GetInt32().ShouldBe(1);
    }
}
