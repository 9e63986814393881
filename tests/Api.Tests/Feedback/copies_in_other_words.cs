using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Submissions;
using Shouldly;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>
/// The copy check by meaning through the API, on the labelled set's rate-limit brief: a paraphrased copy submitted later
/// is flagged, the original and an independent answer are not, and the owner decides as with any flag. The test host's
/// reviewer is the rules reviewer, which encodes nothing: the feedback job encodes the work itself.
/// </summary>
public class copies_in_other_words(AppFixture app)
{
    private const string Review = "mutation($input: ReviewFlagInput!) { reviewSubmissionFlag(input: $input) { submission { flagged flagReason flagConfirmed } } }";

    [Fact]
    public async Task a_paraphrased_copy_submitted_later_is_flagged_by_meaning_and_the_owner_confirms_or_dismisses_it()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, RateLimitChallenge());
        var (original, independent, copier) = (await app.RegisterCandidate(), await app.RegisterCandidate(), await app.RegisterCandidate());
        var originalId = await SubmittedAndEncoded(original, challenge, "julia.md");
        var independentId = await SubmittedAndEncoded(independent, challenge, "omar.md");

        var copyId = await Submitted(copier, challenge, "julia-paraphrase.md");

        var flagged = (await Eventually.Until(() => app.Submission(copyId, company.Token), s => s?.GetProperty("flagged").GetBoolean() == true))!.Value;
        flagged.GetProperty("flagReason").GetString().ShouldBe("MEANING");
        flagged.GetProperty("similarTo").GetProperty("id").GetString().ShouldBe(originalId.ToString());
        flagged.GetProperty("similarity").GetDouble().ShouldBeGreaterThanOrEqualTo(0.15);
        foreach (var earlier in new[] { originalId, independentId })
        {
            var work = (await app.Submission(earlier, company.Token))!.Value;
            work.GetProperty("flagged").GetBoolean().ShouldBeFalse("only the later work is flagged, and independent work not at all");
            work.GetProperty("flagReason").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        var confirmed = (await app.Host.GraphQL(Review, new { input = new { submissionId = copyId, confirmed = true, note = "Same design, reworded" } }, company.Token))
            .Data("reviewSubmissionFlag.submission");
        confirmed.GetProperty("flagConfirmed").GetBoolean().ShouldBeTrue();
        confirmed.GetProperty("flagReason").GetString().ShouldBe("MEANING");
        (await app.Host.GraphQL(Review, new { input = new { submissionId = copyId, confirmed = false } }, company.Token))
            .Data("reviewSubmissionFlag.submission.flagConfirmed").GetBoolean().ShouldBeFalse();
        (await app.Host.GraphQL(Review, new { input = new { submissionId = independentId, confirmed = true } }, company.Token)).ShouldFailWith("RULE_VIOLATION");
    }

    /// <summary>A few words changed and two sections swapped: a Jaccard of 0.70, under the literal check's 0.8.</summary>
    [Fact]
    public async Task a_copy_the_wording_misses_whose_review_fails_is_still_found_by_meaning()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, RateLimitChallenge());
        var (original, copier) = (await app.RegisterCandidate(), await app.RegisterCandidate());
        var originalId = await SubmittedAndEncoded(original, challenge, "chen.md");

        var copyId = await Submitted(copier, challenge, "chen-literal.md", $"\n\n{OutageReviewer.Marker}");

        var flagged = (await Eventually.Until(() => app.Submission(copyId, company.Token), s => s?.GetProperty("flagged").GetBoolean() == true))!.Value;
        flagged.GetProperty("status").GetString().ShouldBe("FEEDBACK_FAILED");
        flagged.GetProperty("flagReason").GetString().ShouldBe("MEANING");
        flagged.GetProperty("similarTo").GetProperty("id").GetString().ShouldBe(originalId.ToString());
    }

    [Fact]
    public async Task a_literal_copy_is_flagged_as_literal_before_meaning_is_looked_at()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, RateLimitChallenge());
        var (original, copier) = (await app.RegisterCandidate(), await app.RegisterCandidate());
        var originalId = await SubmittedAndEncoded(original, challenge, "chen.md");

        var copyId = await Submitted(copier, challenge, "chen.md", "\n\nHappy to walk through the numbers in a call.");

        var flagged = (await Eventually.Until(() => app.Submission(copyId, company.Token), s => s?.GetProperty("flagged").GetBoolean() == true))!.Value;
        flagged.GetProperty("flagReason").GetString().ShouldBe("LITERAL");
        flagged.GetProperty("similarTo").GetProperty("id").GetString().ShouldBe(originalId.ToString());
        flagged.GetProperty("similarity").GetDouble().ShouldBeGreaterThanOrEqualTo(0.8);
    }

    /// <summary>
    /// The erasure's masking takes the signatures' bands and the vectors in one commit, whenever the daemon gets to the
    /// candidate's erasure: a copy checked after it is matched with nothing that was erased.
    /// </summary>
    [Fact]
    public async Task a_paraphrase_of_erased_work_is_not_matched()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token, RateLimitChallenge());
        var (erased, copier) = (await app.RegisterCandidate(), await app.RegisterCandidate());
        var erasedId = await SubmittedAndEncoded(erased, challenge, "julia.md");
        (await app.Host.GraphQL("mutation($input: EraseMyDataInput!) { eraseMyData(input: $input) { erased } }", new { input = new { confirm = true } }, erased.Token))
            .Errors.ShouldBeEmpty();
        await Eventually.Until(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.LoadAsync<SubmissionSignature>(erasedId);
        }, signature => signature?.Bands.Length == 0);
        await using (var session = app.Store.QuerySession())
            (await session.LoadAsync<SubmissionMeaning>(erasedId)).ShouldBeNull("the vectors go with the bands");

        var copyId = await Submitted(copier, challenge, "julia-paraphrase.md");

        var settled = await app.Settled(copyId, copier.Token);
        settled.GetProperty("status").GetString().ShouldBe("FEEDBACK_READY");
        settled.GetProperty("flagged").GetBoolean().ShouldBeFalse("the review and the check are one commit: no flag came with the review");
    }

    /// <summary>The rate-limit brief of the labelled set, as a challenge to publish.</summary>
    private static object RateLimitChallenge()
    {
        var brief = JsonDocument.Parse(CopySet.Text("CopySet/ratelimit/brief.json")).RootElement;
        return new
        {
            skill = brief.GetProperty("skill").GetString(), title = brief.GetProperty("title").GetString(), brief = brief.GetProperty("brief").GetString(),
            difficulty = brief.GetProperty("difficulty").GetString(), maxAttempts = brief.GetProperty("maxAttempts").GetInt32(),
            rubric = brief.GetProperty("rubric").EnumerateArray().Select(c => new
            {
                key = c.GetProperty("key").GetString(), description = c.GetProperty("description").GetString(), weight = c.GetProperty("weight").GetDouble(),
            }).ToArray(),
        };
    }

    private async Task<Guid> Submitted(TestCandidate candidate, Guid challenge, string file, string extra = "") =>
        Guid.Parse((await app.Submit(candidate.Token, challenge, CopySet.Text($"CopySet/ratelimit/{file}") + extra))
            .Data("submitToChallenge.submission.id").GetString()!);

    /// <summary>Submitted, reviewed, and encoded by the daemon: earlier work is compared by meaning once it is encoded.</summary>
    private async Task<Guid> SubmittedAndEncoded(TestCandidate candidate, Guid challenge, string file)
    {
        var id = await Submitted(candidate, challenge, file);
        await app.Settled(id, candidate.Token);
        (await Eventually.Until(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.LoadAsync<SubmissionMeaning>(id);
        }, meaning => meaning is not null)).ShouldNotBeNull("the daemon encodes each submission shortly after it");
        return id;
    }
}
