using GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Answers;
using Marketplace.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Http;

/// <summary>
/// Whole answers to anonymous queries of public fields are kept on the node (docs/adr/0032), and a change committed on
/// the node is in its very next answer. Each query carries a comment of its own, so no other test shares its entry.
/// </summary>
public class answer_cache(AppFixture app)
{
    private static string Unique(string query) => $"# {Guid.NewGuid():N}\n{query}";

    private const string PostingById = "query($id: ID!) { posting(id: $id) { id title status } }";

    [Fact]
    public async Task a_repeated_anonymous_query_is_answered_from_memory()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Kept Answer Engineer"));
        var query = Unique(PostingById);
        (await Title(query, posting)).ShouldBe("Kept Answer Engineer");
        IsKept(query, new { id = posting }).ShouldBeTrue();

        // Behind the product's back, so no event tells the cache: only an answer from memory still says the old title.
        await ChangeTitleInTheDatabase(posting, "Changed Behind Its Back");
        (await Title(query, posting)).ShouldBe("Kept Answer Engineer");
        (await Title(query, posting, company.Token)).ShouldBe("Changed Behind Its Back");
    }

    [Fact]
    public async Task an_authenticated_or_private_query_is_never_kept()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Signed In Engineer"));
        var query = Unique(PostingById);
        (await Title(query, posting, company.Token)).ShouldBe("Signed In Engineer");
        (await Title(query, posting, company.Token)).ShouldBe("Signed In Engineer");
        IsKept(query, new { id = posting }).ShouldBeFalse();
        await ChangeTitleInTheDatabase(posting, "Read Again Every Time");
        (await Title(query, posting, company.Token)).ShouldBe("Read Again Every Time");

        // Anonymous, but not only public fields: the caller, and the challenge board's figures (an async projection).
        foreach (var other in new[] { "{ me { __typename } }", "{ challenges(first: 5) { edges { node { id submissionCount } } } }",
                     "{ __schema { queryType { name } } }" })
        {
            var text = Unique(other);
            (await app.Host.GraphQL(text)).Errors.ShouldBeEmpty();
            (await app.Host.GraphQL(text)).Errors.ShouldBeEmpty();
            IsKept(text, null).ShouldBeFalse(other);
        }
    }

    [Fact]
    public async Task a_search_with_words_is_never_kept_since_meaning_is_projected_after_the_commit()
    {
        var search = Unique("query($filter: PostingFilter) { postings(first: 5, filter: $filter) { totalCount } }");
        foreach (var filter in new object?[] { new { text = "event-driven" }, null })
        {
            (await app.Host.GraphQL(search, new { filter })).Errors.ShouldBeEmpty();
            (await app.Host.GraphQL(search, new { filter })).Errors.ShouldBeEmpty();
        }
        IsKept(search, new { filter = new { text = "event-driven" } }).ShouldBeFalse("words: ranked by vectors no commit announces");
        IsKept(search, new { filter = (object?)null }).ShouldBeTrue("no words: the first page is kept");
        var literal = Unique("{ postings(first: 5, filter: { text: \"sagas\" }) { totalCount } }");
        (await app.Host.GraphQL(literal)).Errors.ShouldBeEmpty();
        (await app.Host.GraphQL(literal)).Errors.ShouldBeEmpty();
        IsKept(literal, null).ShouldBeFalse();
    }

    [Fact]
    public async Task variables_distinguish_entries()
    {
        var company = await app.RegisterCompany();
        var first = await app.PublishedPosting(company, Scenarios.PostingInput(title: "First Of Two"));
        var second = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Second Of Two"));
        var query = Unique(PostingById);
        (await Title(query, first)).ShouldBe("First Of Two");
        (await Title(query, second)).ShouldBe("Second Of Two");
        (await Title(query, first)).ShouldBe("First Of Two");
        IsKept(query, new { id = first }).ShouldBeTrue();
        IsKept(query, new { id = second }).ShouldBeTrue();
    }

    [Fact]
    public async Task a_change_committed_on_the_node_is_in_its_very_next_answer()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Before The Revision", skills: ["kubernetes"]));
        var byId = Unique(PostingById);
        var list = Unique("query($company: ID) { postings(filter: { companyId: $company }) { edges { node { id title } } } }");
        var hub = Unique("{ skill(slug: \"kubernetes\") { openPostings(first: 100) { edges { node { id } } } } }");
        async Task<List<string>> Listed() =>
            [.. (await app.Host.GraphQL(list, new { company = company.Id })).Data("postings.edges").EnumerateArray()
                .Select(e => e.GetProperty("node").GetProperty("title").GetString()!)];
        async Task<List<string>> InTheHub() =>
            [.. (await app.Host.GraphQL(hub)).Data("skill.openPostings.edges").EnumerateArray()
                .Select(e => e.GetProperty("node").GetProperty("id").GetString()!)];

        (await Title(byId, posting)).ShouldBe("Before The Revision");
        (await Listed()).ShouldBe(["Before The Revision"]);
        var hubBefore = await InTheHub();
        IsKept(byId, new { id = posting }).ShouldBeTrue();
        IsKept(list, new { company = company.Id }).ShouldBeTrue();

        (await app.Lifecycle("revisePosting", company.Token, new { postingId = posting, title = "After The Revision" })).Errors.ShouldBeEmpty();
        (await Title(byId, posting)).ShouldBe("After The Revision");
        (await Listed()).ShouldBe(["After The Revision"]);

        (await app.Lifecycle("closePosting", company.Token, new { postingId = posting, reason = "FILLED" })).Errors.ShouldBeEmpty();
        // A closed posting is no visitor's to see any more.
        (await app.Host.GraphQL(byId, new { id = posting })).Data("posting").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await Listed()).ShouldBeEmpty();

        hubBefore.ShouldContain(posting.ToString());
        (await InTheHub()).ShouldNotContain(posting.ToString());
        var another = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Published Under The Skill", skills: ["kubernetes"]));
        (await InTheHub()).ShouldContain(another.ToString());
    }

    [Fact]
    public void the_list_of_public_fields_names_only_fields_the_schema_has()
    {
        var schema = app.Host.Services.GetRequiredService<GraphQL.Types.ISchema>();
        schema.Initialize();
        Marketplace.Api.Composition.PublicAnswers.Unknown(schema).ShouldBeEmpty();
    }

    private async Task<string?> Title(string query, Guid posting, string? token = null) =>
        (await app.Host.GraphQL(query, new { id = posting }, token)).Data("posting.title").GetString();

    /// <summary>Whether the node holds a current answer to the query with these variables, keyed as the endpoint keys it.</summary>
    private bool IsKept(string query, object? variables)
    {
        var serializer = app.Host.Services.GetRequiredService<IGraphQLTextSerializer>();
        var inputs = variables is null ? null : serializer.Deserialize<Inputs>(System.Text.Json.JsonSerializer.Serialize(variables));
        var key = new AnswerKey(query, null, inputs is null ? "" : serializer.Serialize(inputs), "");
        return app.Host.Services.GetRequiredService<AnswerCache>().Find(key) is not null;
    }

    private static async Task ChangeTitleInTheDatabase(Guid posting, string title)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "update mt_doc_postingview set data = jsonb_set(data, '{Title}', to_jsonb($1::text)) where id = $2", connection);
        update.Parameters.AddWithValue(title);
        update.Parameters.AddWithValue(posting);
        (await update.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
