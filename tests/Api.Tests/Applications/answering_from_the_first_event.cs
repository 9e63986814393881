using System.Diagnostics;
using Alba;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Applications;

/// <summary>
/// A new application or submission is answered from its first event instead of being read back (docs/performance.md):
/// the answer must be what was stored in the same commit, field for field, and a replayed idempotent request, which
/// has no event of its own, must answer the same from the store.
/// </summary>
public class answering_from_the_first_event(AppFixture app)
{
    private static string Key() => $"answer-{Guid.NewGuid():N}";

    [Fact]
    public async Task a_new_application_is_answered_as_stored_and_its_replay_the_same()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();
        var evidence = Guid.Parse((await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        var input = new { postingId = posting, coverNote = "I build order services.", evidence = new[] { evidence }, idempotencyKey = Key() };
        var apply = $"mutation($input: ApplyToPostingInput!) {{ applyToPosting(input: $input) {{ application {{ {ApplicationScenarios.ApplicationFields} }} }} }}";

        var answered = (await app.Host.GraphQL(apply, new { input }, candidate.Token)).Data("applyToPosting.application");
        var id = Guid.Parse(answered.GetProperty("id").GetString()!);
        var stored = (await app.Application(id, candidate.Token)).ShouldNotBeNull();

        answered.GetProperty("version").GetInt32().ShouldBe(1);
        answered.GetProperty("evidence").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(evidence.ToString());
        answered.GetRawText().ShouldBe(stored.GetRawText());
        (await app.Host.GraphQL(apply, new { input }, candidate.Token)).Data("applyToPosting.application").GetRawText().ShouldBe(stored.GetRawText());
    }

    [Fact]
    public async Task a_new_application_is_not_read_back_from_the_database()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();
        var trace = app.Spans.Watch();

        var response = await app.Host.Scenario(s =>
        {
            s.Post.Json(new
            {
                query = "mutation($input: ApplyToPostingInput!) { applyToPosting(input: $input) { application { id version stage } } }",
                variables = new { input = new { postingId = posting } },
            }).ToUrl("/graphql");
            s.WithRequestHeader("Authorization", $"Bearer {candidate.Token}");
            s.WithRequestHeader("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        });
        new GraphQLResponse(200, null, await response.ReadAsTextAsync()).Data("applyToPosting.application.version").GetInt32().ShouldBe(1);

        // The request's statements: the batched read of the streams, and no read of the view. Its commit is a span of the
        // request too (the group's SQL hangs from the group's first command: docs/adr/0036).
        var spans = app.Spans.Trace(trace);
        spans.ShouldContain(span => span.DisplayName == "commit ApplyToPosting", "the command committed inside the traced request");
        var statements = spans.Where(span => span.Source.Name == "Npgsql")
            .SelectMany(span => span.TagObjects.Select(tag => tag.Value as string ?? "")).ToList();
        statements.ShouldContain(text => text.Contains("mt_events"), "the decision's reads are in the trace");
        statements.ShouldNotContain(text => text.Contains("from public.mt_doc_applicationview"));
    }

    [Fact]
    public async Task a_new_submission_is_answered_as_stored_before_its_review()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();

        var answered = (await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission");
        var id = Guid.Parse(answered.GetProperty("id").GetString()!);
        var stored = (await app.Submission(id, candidate.Token)).ShouldNotBeNull();

        answered.GetProperty("version").GetInt32().ShouldBe(1);
        answered.GetProperty("status").GetString().ShouldBe("FEEDBACK_PENDING");
        // The review may have landed in between: what it changes is left out, everything the submission began with must match.
        foreach (var field in (string[])["id", "attempt", "content", "repositoryUrl", "submittedAt", "challenge"])
            answered.GetProperty(field).GetRawText().ShouldBe(stored.GetProperty(field).GetRawText(), field);
    }
}
