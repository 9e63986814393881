using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Marten;
using Shouldly;

namespace Marketplace.Api.Tests.Postings;

public class posting_lifecycle(AppFixture app)
{
    [Fact]
    public async Task a_company_drafts_revises_publishes_closes_and_reopens_a_posting()
    {
        var company = await app.RegisterCompany("Northwind");

        var draft = (await app.DraftPosting(company.Token, Scenarios.PostingInput())).Data("draftPosting.posting");
        draft.GetProperty("status").GetString().ShouldBe("DRAFT");
        draft.GetProperty("version").GetInt32().ShouldBe(1);
        draft.GetProperty("openings").GetInt32().ShouldBe(1);
        draft.GetProperty("company").GetProperty("name").GetString().ShouldBe("Northwind");
        var id = draft.GetProperty("id").GetString()!;

        var revised = (await app.Lifecycle("revisePosting", company.Token,
            new { postingId = id, title = "Staff Backend Engineer, Orders", seniority = "STAFF", expectedVersion = 1 })).Data("revisePosting.posting");
        revised.GetProperty("title").GetString().ShouldBe("Staff Backend Engineer, Orders");
        revised.GetProperty("seniority").GetString().ShouldBe("STAFF");
        revised.GetProperty("role").GetString().ShouldBe("Senior Backend Engineer", "fields left out keep their value");
        revised.GetProperty("version").GetInt32().ShouldBe(2);

        var published = (await app.Lifecycle("publishPosting", company.Token, new { postingId = id })).Data("publishPosting.posting");
        published.GetProperty("status").GetString().ShouldBe("OPEN");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        DateOnly.Parse(published.GetProperty("expiresOn").GetString()!).ShouldBeInRange(today.AddDays(59), today.AddDays(60));
        published.GetProperty("publishedAt").GetString().ShouldNotBeNull();

        var closed = (await app.Lifecycle("closePosting", company.Token, new { postingId = id, reason = "FILLED" })).Data("closePosting.posting");
        closed.GetProperty("status").GetString().ShouldBe("CLOSED");
        closed.GetProperty("closeReason").GetString().ShouldBe("FILLED");

        var reopened = (await app.Lifecycle("reopenPosting", company.Token,
            new { postingId = id, expiresOn = today.AddDays(10).ToString("yyyy-MM-dd") })).Data("reopenPosting.posting");
        reopened.GetProperty("status").GetString().ShouldBe("OPEN");
        reopened.GetProperty("closeReason").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        reopened.GetProperty("expiresOn").GetString().ShouldBe(today.AddDays(10).ToString("yyyy-MM-dd"));
        reopened.GetProperty("version").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task drafts_are_visible_only_to_their_company()
    {
        var company = await app.RegisterCompany();
        var other = await app.RegisterCompany();
        var id = await app.DraftedPosting(company);

        (await app.Posting(id)).ShouldBeNull("anonymous visitors see open postings only");
        (await app.Posting(id, other.Token)).ShouldBeNull("another company sees no draft");
        (await app.Posting(id, company.Token)).ShouldNotBeNull();

        await app.Lifecycle("publishPosting", company.Token, new { postingId = id });
        (await app.Posting(id))!.Value.GetProperty("status").GetString().ShouldBe("OPEN");
    }

    [Fact]
    public async Task a_posting_names_its_company_read_along_with_it_and_hides_drafts_the_same_way()
    {
        var company = await app.RegisterCompany("Contoso Analytics");
        var other = await app.RegisterCompany("Fabrikam");
        var open = await app.PublishedPosting(company);
        var draft = await app.DraftedPosting(company);
        await app.PublishedPosting(other);
        const string direct = "query($id: ID!) { posting(id: $id) { id company { id name } } }";
        const string throughFragment = "query($id: ID!) { posting(id: $id) { ...named } } fragment named on Posting { id company { name } }";

        foreach (var query in new[] { direct, throughFragment })
        {
            var anonymous = (await app.Host.GraphQL(query, new { id = open })).Data("posting");
            anonymous.GetProperty("id").GetString().ShouldBe(open.ToString());
            anonymous.GetProperty("company").GetProperty("name").GetString().ShouldBe("Contoso Analytics");
            (await app.Host.GraphQL(query, new { id = draft })).Data("posting").ValueKind.ShouldBe(JsonValueKind.Null);
            (await app.Host.GraphQL(query, new { id = draft }, other.Token)).Data("posting").ValueKind.ShouldBe(JsonValueKind.Null);
            (await app.Host.GraphQL(query, new { id = draft }, company.Token)).Data("posting.company.name").GetString()
                .ShouldBe("Contoso Analytics");
            (await app.Host.GraphQL(query, new { id = Guid.NewGuid() })).Data("posting").ValueKind.ShouldBe(JsonValueKind.Null);
        }
    }

    [Fact]
    public async Task publishing_an_open_posting_again_changes_nothing()
    {
        var company = await app.RegisterCompany();
        var id = await app.PublishedPosting(company);
        var again = (await app.Lifecycle("publishPosting", company.Token, new { postingId = id })).Data("publishPosting.posting");
        again.GetProperty("version").GetInt32().ShouldBe(2);
        again.GetProperty("status").GetString().ShouldBe("OPEN");
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_conflict_and_changes_nothing()
    {
        var company = await app.RegisterCompany();
        var id = await app.PublishedPosting(company);

        var response = await app.Lifecycle("revisePosting", company.Token, new { postingId = id, title = "Something else entirely", expectedVersion = 1 });

        response.ShouldFailWith("CONFLICT");
        response.ErrorExtensions.GetProperty("currentVersion").GetInt32().ShouldBe(2);
        (await app.Posting(id))!.Value.GetProperty("title").GetString().ShouldBe("Senior Backend Engineer, Orders");
    }

    [Fact]
    public async Task rules_of_the_lifecycle_are_rule_violations()
    {
        var company = await app.RegisterCompany();
        var draft = await app.DraftedPosting(company);
        (await app.Lifecycle("reopenPosting", company.Token, new { postingId = draft })).ShouldFailWith("RULE_VIOLATION");
        (await app.Lifecycle("closePosting", company.Token, new { postingId = draft, reason = "FILLED" })).ShouldFailWith("RULE_VIOLATION");

        var open = await app.PublishedPosting(company);
        (await app.Lifecycle("closePosting", company.Token, new { postingId = open, reason = "EXPIRED" })).ShouldFailWith("VALIDATION_FAILED");
        await app.Lifecycle("closePosting", company.Token, new { postingId = open, reason = "CANCELLED" });
        (await app.Lifecycle("revisePosting", company.Token, new { postingId = open, title = "A new title here" })).ShouldFailWith("RULE_VIOLATION");
        (await app.Lifecycle("publishPosting", company.Token, new { postingId = open })).ShouldFailWith("RULE_VIOLATION");
        (await app.Posting(open, company.Token))!.Value.GetProperty("version").GetInt32().ShouldBe(3);
    }
}

public class posting_concurrency(AppFixture app)
{
    [Fact]
    public async Task concurrent_revisions_without_an_expected_version_all_land()
    {
        var company = await app.RegisterCompany();
        var id = await app.DraftedPosting(company);

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            app.Lifecycle("revisePosting", company.Token, new { postingId = id, openings = i + 1 })));

        responses.ShouldAllBe(r => r.Errors.Count == 0, string.Join("\n", responses.Select(r => r.Body)));
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        events.Count.ShouldBe(9, "every acknowledged revision is in the stream");
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 9).Select(v => (long)v));
        (await app.Posting(id, company.Token))!.Value.GetProperty("version").GetInt32().ShouldBe(9);
    }
}
