using Marketplace.Api.Tests.Support;
using Marketplace.Projections.Meaning;
using Shouldly;

namespace Marketplace.Api.Tests.Meaning;

/// <summary>The daemon encodes what submissions and postings say, off the command path, and erasure takes it away.</summary>
public class meaning_projections(AppFixture app)
{
    [Fact]
    public async Task a_submission_and_a_posting_are_encoded_passage_by_passage_and_an_erased_candidate_leaves_nothing()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate("Meaning Candidate");
        var submission = Guid.Parse((await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        var posting = await app.DraftedPosting(company);

        var meaning = await Eventually.Until(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.LoadAsync<SubmissionMeaning>(submission);
        }, m => m?.Score is not null);
        meaning.ShouldNotBeNull();
        meaning.Passages.ShouldNotBeEmpty();
        var text = System.Text.RegularExpressions.Regex.Replace(ChallengeScenarios.GoodWork, @"\s+", " ");
        meaning.Passages.ShouldAllBe(p => text.Contains(p.Text), "each passage is the work's own text, its lines joined");
        var whole = Vectors.Unpack(meaning.Whole);
        whole.Length.ShouldBe(384);
        MathF.Sqrt(whole.Sum(x => x * x)).ShouldBe(1f, 0.001f);

        var postingMeaning = await Eventually.Until(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.LoadAsync<PostingMeaning>(posting);
        }, m => m is not null);
        postingMeaning!.CompanyId.ShouldBe(company.Id);
        Vectors.Unpack(postingMeaning.Whole).Length.ShouldBe(384);

        (await app.Host.GraphQL("mutation($input: EraseMyDataInput!) { eraseMyData(input: $input) { erased } }", new { input = new { confirm = true } }, candidate.Token))
            .Errors.ShouldBeEmpty();
        (await Eventually.Until(async () =>
        {
            await using var session = app.Store.QuerySession();
            return await session.LoadAsync<SubmissionMeaning>(submission);
        }, m => m is null)).ShouldBeNull("erasure takes the vectors and the passages' text with it");
    }
}
