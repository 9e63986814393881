using System.Text.Json;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using static Marketplace.Api.Tests.Matching.MatchingScenarios;

namespace Marketplace.Api.Tests.Matching;

/// <summary>
/// `recommendedCandidates(postingId:)`: discoverable candidates whose reviewed work matches the company's posting, by
/// handle only (no name or email before an interview), each with the passages that match; for members who search the
/// talent pool, and only for their own company's postings.
/// </summary>
public class recommending_candidates(AppFixture app)
{
    private static readonly string Query =
        $"query($p: ID!, $first: Int) {{ recommendedCandidates(postingId: $p, first: $first) {{ candidateId handle score bestScore {Reasons} }} }}";

    private async Task<List<JsonElement>> Recommended(TestCompany company, Guid posting, int first = 50) =>
        [.. (await app.Host.GraphQL(Query, new { p = posting, first }, company.Token)).Data("recommendedCandidates").EnumerateArray()];

    private sealed record World(TestCompany Company, Guid Posting, TestCandidate Found, TestCandidate Hidden);

    private async Task<World> Build()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, KafkaPosting());
        var challenge = await app.OutboxChallenge(company);
        var found = await app.RegisterCandidate("Discoverable Author", discoverable: true);
        var hidden = await app.RegisterCandidate("Hidden Author");
        await app.ReviewedWork(found, challenge, "outbox-literal.md");
        await app.ReviewedWork(hidden, challenge, "outbox-paraphrase.md");
        await Eventually.Until(() => Recommended(company, posting), r => r.Any(c => Candidate(c) == found.Id.ToString()));
        return new World(company, posting, found, hidden);
    }

    [Fact]
    public async Task a_discoverable_candidate_with_matching_work_is_recommended_by_handle_with_reasons_and_a_hidden_one_never()
    {
        var w = await Build();

        var recommended = await Recommended(w.Company, w.Posting);
        var entry = recommended.Single(c => Candidate(c) == w.Found.Id.ToString());
        entry.GetProperty("handle").GetString().ShouldBe(w.Found.Handle);
        entry.EnumerateObject().Select(p => p.Name).ShouldBe(["candidateId", "handle", "score", "bestScore", "reasons"], ignoreOrder: true);
        entry.GetProperty("bestScore").GetInt32().ShouldBeGreaterThan(0);
        var reasons = entry.GetProperty("reasons").EnumerateArray().ToList();
        reasons.ShouldNotBeEmpty();
        reasons.ShouldAllBe(r => r.GetProperty("challengeTitle").GetString() == "Outbox relay for scan events");
        recommended.Select(Candidate).ShouldNotContain(w.Hidden.Id.ToString(), "a candidate who is not discoverable is never recommended");
        recommended.Select(c => c.GetProperty("score").GetDouble()).ShouldBeInOrder(SortDirection.Descending);
        (await app.Host.GraphQL(Query, new { p = w.Posting, first = 50 }, w.Company.Token)).Body.ShouldNotContain("Discoverable Author");
    }

    [Fact]
    public async Task a_candidate_who_stops_being_discoverable_is_gone_at_once()
    {
        var w = await Build();

        (await app.Host.GraphQL("mutation($i: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $i) { candidate { discoverable } } }",
            new { i = new { discoverable = false } }, w.Found.Token)).Data();

        (await Recommended(w.Company, w.Posting)).Select(Candidate).ShouldNotContain(w.Found.Id.ToString(),
            "the profile is read when answering, not when the index last caught up");
    }

    [Fact]
    public async Task only_members_who_search_talent_read_them_and_only_for_their_own_postings()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, KafkaPosting());
        var other = await app.RegisterCompany();
        var candidate = await app.RegisterCandidate();

        async Task<string> Code(string? token, object? p = null) =>
            (await app.Host.GraphQL(Query, new { p = p ?? posting, first = 5 }, token)).Errors.FirstOrDefault() is { ValueKind: JsonValueKind.Object } error
                ? error.GetProperty("extensions").GetProperty("code").GetString()! : "ok";

        (await Code(null)).ShouldBe("UNAUTHENTICATED");
        (await Code(candidate.Token)).ShouldBe("FORBIDDEN");
        (await Code(app.Token(Roles.Analyst))).ShouldBe("FORBIDDEN");
        (await Code(app.Token(Roles.Admin))).ShouldBe("FORBIDDEN");
        (await Code(other.Token)).ShouldBe("NOT_FOUND", "another company's posting is answered as if it did not exist");
        (await Code(company.Token, Guid.NewGuid())).ShouldBe("NOT_FOUND");
        (await Code(company.Token)).ShouldBe("ok");
    }

    [Theory]
    [InlineData("0", "first")]
    [InlineData("51", "first")]
    [InlineData("-1", "first")]
    public async Task first_out_of_range_is_a_validation_error(string first, string field)
    {
        var company = await app.RegisterCompany();
        var posting = await app.DraftedPosting(company);
        var response = await app.Host.GraphQL(Query, new { p = posting, first = int.Parse(first) }, company.Token);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task a_posting_id_that_is_not_an_id_is_a_validation_error()
    {
        var company = await app.RegisterCompany();
        var response = await app.Host.GraphQL(Query, new { p = "not-an-id", first = 5 }, company.Token);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("postingId");
    }

    private static string Candidate(JsonElement entry) => entry.GetProperty("candidateId").GetString()!;
}
