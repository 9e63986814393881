using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Reliability;

/// <summary>A job that keeps failing is kept as a dead letter, shown to administrators, and can be replayed.</summary>
public class dead_letters(AppFixture app)
{
    private const string Page = "query($type: String, $since: DateTime) { deadLetters(first: 100, messageType: $type, since: $since) { totalCount items { id messageType exceptionType exceptionMessage sentAt failedAt replayCount } } }";
    private const string Replay = "mutation($input: ReplayDeadLettersInput!) { replayDeadLetters(input: $input) { replayed } }";

    /// <summary>The dead letter of this submission's review (other tests' outages land in the same store).</summary>
    private async Task<string?> DeadLetterOf(Guid submission)
    {
        var store = app.Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage.DeadLetters;
        foreach (var id in await DeadLetterIds())
        {
            // The store keeps the job's body as JSON; the list shows its type only.
            var body = (await store.DeadLetterEnvelopeByIdAsync(Guid.Parse(id), null))?.Envelope?.Data;
            if (body is not null && System.Text.Json.JsonSerializer.Deserialize<ReviewSubmission>(body, System.Text.Json.JsonSerializerOptions.Web)?.SubmissionId == submission) return id;
        }
        return null;
    }

    [Fact]
    public async Task a_job_that_keeps_failing_is_shown_to_an_admin_and_runs_again_when_replayed()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();
        var token = $"recovery-{Guid.NewGuid():N}";

        var submission = Guid.Parse((await app.Submit(candidate.Token, challenge, $"My design. {OutageReviewer.Marker} {token}"))
            .Data("submitToChallenge.submission.id").GetString()!);
        (await app.Settled(submission, candidate.Token)).GetProperty("status").GetString().ShouldBe("FEEDBACK_FAILED");

        var mine = (await Eventually.Until(() => DeadLetterOf(submission), id => id is not null)).ShouldNotBeNull();
        var letter = await Letter(mine);
        letter.GetProperty("messageType").GetString()!.ShouldContain("ReviewSubmission");
        letter.GetProperty("exceptionMessage").GetString().ShouldBe("The reviewer did not answer.");

        OutageReviewer.Recovered[token] = true;
        (await app.Host.GraphQL(Replay, new { input = new { ids = new[] { mine } } }, app.Token(Roles.Admin))).Data("replayDeadLetters.replayed").GetInt32().ShouldBe(1);

        var reviewed = await Eventually.Until(() => app.Submission(submission, candidate.Token), s => s?.GetProperty("status").GetString() == "FEEDBACK_READY");
        reviewed!.Value.GetProperty("feedback").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Object);
        (await DeadLetterIds()).ShouldNotContain(mine);
    }

    [Fact]
    public async Task replaying_an_unknown_id_replays_nothing()
    {
        (await app.Host.GraphQL(Replay, new { input = new { ids = new[] { Guid.NewGuid() } } }, app.Token(Roles.Admin)))
            .Data("replayDeadLetters.replayed").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    public async Task replaying_with_a_malformed_id_is_refused(string id)
    {
        (await app.Host.GraphQL(Replay, new { input = new { ids = new[] { id } } }, app.Token(Roles.Admin))).ShouldFailWith("VALIDATION_FAILED");
    }

    [Fact]
    public async Task replaying_nothing_or_too_much_is_refused()
    {
        (await app.Host.GraphQL(Replay, new { input = new { ids = Array.Empty<Guid>() } }, app.Token(Roles.Admin))).ShouldFailWith("VALIDATION_FAILED");
        (await app.Host.GraphQL(Replay, new { input = new { ids = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()) } }, app.Token(Roles.Admin)))
            .ShouldFailWith("VALIDATION_FAILED");
    }

    [Theory]
    [InlineData(Roles.Candidate)]
    [InlineData(Roles.Company)]
    [InlineData(Roles.Analyst)]
    public async Task only_administrators_see_or_replay_dead_letters(string role)
    {
        var caller = app.Token(role, company: role == Roles.Company ? Guid.NewGuid() : null);
        (await app.Host.GraphQL(Page, new { type = (string?)null }, caller)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(Replay, new { input = new { ids = new[] { Guid.NewGuid() } } }, caller)).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL(Page, new { type = (string?)null })).ShouldFailWith("UNAUTHENTICATED");
    }

    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddSeconds(-5);

    private async Task<List<string>> DeadLetterIds() =>
        (await app.Host.GraphQL(Page, new { type = "Marketplace.Domain.Submissions.ReviewSubmission", since = _started }, app.Token(Roles.Admin))).Data("deadLetters.items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).ToList();

    private async Task<System.Text.Json.JsonElement> Letter(string id) =>
        (await app.Host.GraphQL(Page, new { type = (string?)null, since = _started }, app.Token(Roles.Admin))).Data("deadLetters.items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == id);
}
