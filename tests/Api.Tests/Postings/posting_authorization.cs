using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marketplace.Projections.Companies;
using Marten;
using Shouldly;

namespace Marketplace.Api.Tests.Postings;

public class posting_authorization(AppFixture app)
{
    [Fact]
    public async Task anonymous_callers_cannot_mutate()
    {
        var company = await app.RegisterCompany();
        var id = await app.DraftedPosting(company);

        (await app.DraftPosting(null, Scenarios.PostingInput())).ShouldFailWith("UNAUTHENTICATED");
        foreach (var (mutation, input) in LifecycleInputs(id))
            (await app.Lifecycle(mutation, null, input)).ShouldFailWith("UNAUTHENTICATED");

        (await app.Posting(id, company.Token))!.Value.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task another_company_cannot_touch_a_posting()
    {
        var owner = await app.RegisterCompany();
        var intruder = await app.RegisterCompany();
        var id = await app.PublishedPosting(owner);

        foreach (var (mutation, input) in LifecycleInputs(id))
            (await app.Lifecycle(mutation, intruder.Token, input)).ShouldFailWith("FORBIDDEN");

        var posting = (await app.Posting(id))!.Value;
        posting.GetProperty("version").GetInt32().ShouldBe(2);
        posting.GetProperty("status").GetString().ShouldBe("OPEN");
    }

    [Theory]
    [InlineData(Roles.Candidate)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task only_company_members_draft_postings(string role)
    {
        (await app.DraftPosting(app.Token(role), Scenarios.PostingInput())).ShouldFailWith("FORBIDDEN");
    }

    [Fact]
    public async Task only_admins_register_companies()
    {
        const string mutation = "mutation { registerCompany(input: {name: \"Acme\", slug: \"acme-unauthorized\"}) { company { id } } }";
        (await app.Host.GraphQL(mutation)).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(mutation, token: app.Token(Roles.Candidate))).ShouldFailWith("FORBIDDEN");
        var company = await app.RegisterCompany();
        (await app.Host.GraphQL(mutation, token: company.Token)).ShouldFailWith("FORBIDDEN");
        // Refused, nothing registered. (A search for the slug is no check: postings of other tests may match it by meaning.)
        await using var session = app.Store.QuerySession();
        (await session.Query<CompanyView>().CountAsync(c => c.Slug == "acme-unauthorized")).ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_posting_is_not_found()
    {
        var company = await app.RegisterCompany();
        (await app.Lifecycle("publishPosting", company.Token, new { postingId = Guid.NewGuid() })).ShouldFailWith("NOT_FOUND");
    }

    private static IEnumerable<(string, object)> LifecycleInputs(Guid id) =>
    [
        ("revisePosting", new { postingId = id, title = "A hostile new title" }),
        ("publishPosting", new { postingId = id }),
        ("closePosting", new { postingId = id, reason = "CANCELLED" }),
        ("reopenPosting", new { postingId = id }),
    ];
}
