using System.Text.Json;
using Marketplace.Api.Postings;
using Marketplace.Api.Tests.Support;
using Marketplace.Api.Tests.Matching;
using Shouldly;

namespace Marketplace.Api.Tests.Postings;

public class posting_search(AppFixture app)
{
    private async Task<(TestCompany Company, Dictionary<string, Guid> Ids)> Board()
    {
        var company = await app.RegisterCompany();
        var ids = new Dictionary<string, Guid>
        {
            ["orders"] = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Backend Engineer, Orders",
                skills: ["microservices", "postgresql"], seniority: "MID", remotePolicy: "HYBRID", salaryMax: 80000,
                description: "Build the order service with event sourcing on PostgreSQL.")),
            ["platform"] = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Platform Engineer, Clusters",
                skills: ["kubernetes"], seniority: "SENIOR", remotePolicy: "REMOTE", salaryMax: 130000, role: "Platform Engineer",
                description: "Run the Kubernetes clusters every team deploys to.")),
            ["lead"] = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Engineering Lead, Payments",
                skills: ["microservices"], seniority: "STAFF", remotePolicy: "ONSITE", salaryMax: null, role: "Engineering Lead",
                description: "Lead the payments team through its split into services.")),
            ["draft"] = await app.DraftedPosting(company, Scenarios.PostingInput(title: "Unpublished Microservices Role")),
        };
        return (company, ids);
    }

    private async Task<List<string>> Titles(TestCompany company, string filter, string? token = null)
    {
        var response = await app.Host.GraphQL(
            $"{{ postings(filter: {{companyId: \"{company.Id}\", {filter}}}) {{ totalCount edges {{ node {{ title }} }} }} }}", token: token);
        var postings = response.Data("postings");
        var titles = postings.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("title").GetString()!).ToList();
        postings.GetProperty("totalCount").GetInt32().ShouldBe(titles.Count);
        return titles;
    }

    [Fact]
    public async Task each_filter_narrows_the_open_postings()
    {
        var (company, _) = await Board();

        (await Titles(company, "skill: \"microservices\"")).ShouldBe(["Engineering Lead, Payments", "Backend Engineer, Orders"]);
        (await Titles(company, "skill: \"postgresql\"")).ShouldBe(["Backend Engineer, Orders"]);
        (await Titles(company, "role: \"platform engineer\"")).ShouldBe(["Platform Engineer, Clusters"]);
        (await Titles(company, "seniority: STAFF")).ShouldBe(["Engineering Lead, Payments"]);
        (await Titles(company, "remotePolicy: REMOTE")).ShouldBe(["Platform Engineer, Clusters"]);
        (await Titles(company, "minSalary: 100000")).ShouldBe(["Platform Engineer, Clusters"]);
        (await Titles(company, "text: \"kubernetes clusters\"")).ShouldBe(["Platform Engineer, Clusters"]);
        // Which of the two ranks first depends on whether their vectors are in yet (words alone, or words and meaning);
        // this test is about which postings a filter keeps, the ranking is posting_search's meaning tests'.
        (await Titles(company, "text: \"services\"")).ShouldBe(["Engineering Lead, Payments", "Backend Engineer, Orders"], ignoreOrder: true);
        (await Titles(company, "skill: \"microservices\", seniority: MID")).ShouldBe(["Backend Engineer, Orders"]);
    }

    [Fact]
    public async Task text_finds_postings_by_meaning_as_well_as_by_words()
    {
        var company = await app.RegisterCompany();
        var kafka = await app.PublishedPosting(company, Matching.MatchingScenarios.KafkaPosting());
        var clusters = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Platform Engineer, Clusters", skills: ["kubernetes"], role: "Platform Engineer",
            description: "Run the Kubernetes clusters every team deploys to."));
        var reports = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Data Engineer, Finance Reports", skills: ["data-engineering"], role: "Data Engineer",
            description: "Build the nightly batch reports in SQL that the finance team closes the month with."));
        Matching.MatchingScenarios.KafkaDescription.ShouldNotContain("event-driven", Case.Insensitive);

        // The postings' vectors come from the daemon: the words find the Kafka posting at once, the meaning once it has them.
        (await Titles(company, "text: \"kafka sagas\"")).ShouldBe([Matching.MatchingScenarios.Kafka]);
        (await Eventually.Until(() => Titles(company, "text: \"event-driven\""), titles => titles.Count > 0))
            .ShouldBe([Matching.MatchingScenarios.Kafka], "a posting about Kafka and sagas is about event-driven work without saying so");
        // Once every vector is in: before, the best hit by meaning alone may be the Kafka posting's, and a weak match
        // would then come within reach of it.
        await app.Encoded([kafka, clusters, reports]);
        (await Titles(company, "text: \"kubernetes clusters\"")).ShouldBe(["Platform Engineer, Clusters"]);
    }

    [Fact]
    public async Task words_of_the_description_are_found_from_the_posting_itself_without_a_stored_copy()
    {
        var company = await app.RegisterCompany();
        var id = await app.PublishedPosting(company, Scenarios.PostingInput(title: "Data Engineer, Ingestion",
            description: "Maintain the quetzal pipeline that loads the partners' files every night."));

        (await Titles(company, "text: \"quetzal\"")).ShouldBe(["Data Engineer, Ingestion"]);
        (await Titles(company, "text: \"ingestion\"")).ShouldBe(["Data Engineer, Ingestion"], "the title's words are searched with the description's");
        (await app.Lifecycle("revisePosting", company.Token, new { postingId = id, description = "Maintain the axolotl pipeline that loads the partners' files." }))
            .Errors.ShouldBeEmpty();
        (await Titles(company, "text: \"axolotl\"")).ShouldBe(["Data Engineer, Ingestion"], "a revised description is searched as it now reads");

        await using var db = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        (await EventStoreChecks.Lines(db, $"select (data ? 'SearchText')::text || ' ' || ({PostingSearch.Document} @@ to_tsquery('english', 'quetzal'))::text from mt_doc_postingview d where id = '{id}'"))
            .ShouldBe(["false false"], "the document holds its description once, and its words are read from there");
    }

    [Fact]
    public async Task a_search_is_paged_by_rank()
    {
        var company = await app.RegisterCompany();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await app.PublishedPosting(company, Scenarios.PostingInput(title: $"Ranked search posting {i}", description: $"Orders service number {i} for the ranked search.")));
        // A rank is stable once every posting's vector is in: before that, the meaning half of a score may change between pages.
        await app.Encoded([.. ids]);
        const string query = "query($c: ID!, $after: String) { postings(filter: {companyId: $c, text: \"ranked search\"}, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }";

        var first = (await app.Host.GraphQL(query, new { c = company.Id, after = (string?)null })).Data("postings");
        first.GetProperty("totalCount").GetInt32().ShouldBe(3);
        first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        var second = (await app.Host.GraphQL(query, new { c = company.Id, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).Data("postings");
        second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeFalse();
        first.GetProperty("edges").EnumerateArray().Concat(second.GetProperty("edges").EnumerateArray())
            .Select(e => e.GetProperty("node").GetProperty("id").GetString()).Distinct().Count().ShouldBe(3);
        (await app.Host.GraphQL(query, new { c = company.Id, after = "bm90LWEtY3Vyc29y" })).ShouldFailWith("VALIDATION_FAILED");
    }

    [Fact]
    public async Task status_shows_a_company_its_own_drafts_and_nobody_elses()
    {
        var (company, _) = await Board();
        var other = await app.RegisterCompany();

        (await Titles(company, "status: DRAFT", company.Token)).ShouldBe(["Unpublished Microservices Role"]);
        (await Titles(company, "status: DRAFT", other.Token)).ShouldBeEmpty();
        (await Titles(company, "status: DRAFT")).ShouldBeEmpty();
        (await Titles(company, "skill: \"microservices\"", company.Token)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task pages_walk_every_posting_once_newest_first()
    {
        var company = await app.RegisterCompany();
        var published = new List<Guid>();
        for (var i = 0; i < 7; i++) published.Add(await app.PublishedPosting(company, Scenarios.PostingInput(title: $"Paged posting number {i}")));

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var response = await app.Host.GraphQL(
                "query($c: ID!, $after: String) { postings(filter: {companyId: $c}, first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }",
                new { c = company.Id, after });
            var page = response.Data("postings");
            page.GetProperty("totalCount").GetInt32().ShouldBe(7);
            seen.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!));
            var info = page.GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
            pages++;
        } while (after is not null);

        pages.ShouldBe(3);
        seen.ShouldBe(published.AsEnumerable().Reverse().Select(id => id.ToString()));
    }

    [Fact]
    public async Task a_cursor_stays_valid_when_newer_postings_arrive()
    {
        var company = await app.RegisterCompany();
        for (var i = 0; i < 4; i++) await app.PublishedPosting(company, Scenarios.PostingInput(title: $"Stable cursor posting {i}"));
        const string query = "query($c: ID!, $after: String) { postings(filter: {companyId: $c}, first: 2, after: $after) { edges { node { title } } pageInfo { endCursor } } }";
        var first = (await app.Host.GraphQL(query, new { c = company.Id, after = (string?)null })).Data("postings");
        var cursor = first.GetProperty("pageInfo").GetProperty("endCursor").GetString();

        await app.PublishedPosting(company, Scenarios.PostingInput(title: "A newer posting"));

        var second = (await app.Host.GraphQL(query, new { c = company.Id, after = cursor })).Data("postings.edges");
        second.EnumerateArray().Select(e => e.GetProperty("node").GetProperty("title").GetString())
            .ShouldBe(["Stable cursor posting 1", "Stable cursor posting 0"]);
    }

    [Theory]
    [InlineData("postings(first: 101)", "first")]
    [InlineData("postings(first: -1)", "first")]
    [InlineData("postings(after: \"bm90LWEtY3Vyc29y\")", "after")]
    [InlineData("postings(after: \"%%%\")", "after")]
    [InlineData("postings(filter: {companyId: \"nope\"})", "filter.companyId")]
    public async Task bad_paging_arguments_are_validation_errors(string field, string offending)
    {
        var response = await app.Host.GraphQL($"{{ {field} {{ totalCount }} }}");
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(offending);
    }

    [Theory]
    [InlineData(PostingSearch.Document + " @@ websearch_to_tsquery('english'::regconfig, 'kubernetes')", "ix_postingview_search")]
    [InlineData("d.data @> '{\"Skills\":[\"microservices\"]}'::jsonb", "mt_doc_postingview_idx_data")]
    [InlineData("d.company_id = '00000000-0000-0000-0000-000000000001'", "mt_doc_postingview_idx_company_id")]
    [InlineData("d.salary_max >= 100000", "mt_doc_postingview_idx_salary_max")]
    public async Task filters_are_backed_by_indexes(string condition, string index)
    {
        await using var connection = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new Npgsql.NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new Npgsql.NpgsqlCommand(
            $"explain select d.data from mt_doc_postingview d where {condition}",
            connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        string.Join("\n", plan).ShouldContain(index);
    }
}
