using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Postings;

public class posting_input_validation(AppFixture app)
{
    public static TheoryData<string, object> BadDrafts => new()
    {
        { "title", Scenarios.PostingInput(title: "x") },
        { "skills", Scenarios.PostingInput(skills: []) },
        { "skills", Scenarios.PostingInput(skills: ["no-such-skill"]) },
        { "skills", Scenarios.PostingInput(skills: ["Not A Slug"]) },
        { "description", Scenarios.PostingInput(description: "too short") },
        { "description", Scenarios.PostingInput(description: new string('x', 20_001)) },
        { "salary", new { title = "Backend Engineer", role = "Backend", seniority = "MID", skills = new[] { "microservices" }, remotePolicy = "REMOTE", description = "A description that is long enough.", salary = new { min = 90000, max = 80000, currency = "EUR" } } },
        { "salary.currency", new { title = "Backend Engineer", role = "Backend", seniority = "MID", skills = new[] { "microservices" }, remotePolicy = "REMOTE", description = "A description that is long enough.", salary = new { min = 1, max = 2, currency = "euro" } } },
        { "openings", new { title = "Backend Engineer", role = "Backend", seniority = "MID", skills = new[] { "microservices" }, remotePolicy = "REMOTE", description = "A description that is long enough.", openings = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public async Task bad_input_names_the_field_and_creates_nothing(string field, object input)
    {
        var company = await app.RegisterCompany();

        var response = await app.DraftPosting(company.Token, input);

        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe(field);
        (await app.Host.GraphQL($"{{ postings(filter: {{companyId: \"{company.Id}\"}}) {{ totalCount }} }}", token: company.Token))
            .Data("postings.totalCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_enum_value_is_rejected_before_anything_runs()
    {
        var company = await app.RegisterCompany();
        var response = await app.DraftPosting(company.Token, Scenarios.PostingInput(seniority: "WIZARD"));
        response.ShouldFailWith("VALIDATION_FAILED");
        response.Status.ShouldBe(200);
    }

    [Fact]
    public async Task a_malformed_id_is_a_validation_error()
    {
        var company = await app.RegisterCompany();
        var response = await app.Lifecycle("publishPosting", company.Token, new { postingId = "not-a-guid" });
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("postingId");
    }

    [Fact]
    public async Task an_expiry_in_the_past_is_rejected()
    {
        var company = await app.RegisterCompany();
        var id = await app.DraftedPosting(company);
        var response = await app.Lifecycle("publishPosting", company.Token,
            new { postingId = id, expiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd") });
        response.ShouldFailWith("VALIDATION_FAILED");
        (await app.Posting(id, company.Token))!.Value.GetProperty("status").GetString().ShouldBe("DRAFT");
    }

    [Fact]
    public async Task a_taken_company_slug_is_rejected()
    {
        var company = await app.RegisterCompany();
        var response = await app.Host.GraphQL(
            "mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id } } }",
            new { input = new { name = "Copycat", slug = company.Slug } }, app.Token("admin"));
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("slug");
    }

    [Theory]
    [InlineData("revisePosting")]
    [InlineData("closePosting")]
    [InlineData("reopenPosting")]
    public async Task a_malformed_posting_id_is_named_by_every_lifecycle_mutation(string mutation)
    {
        var company = await app.RegisterCompany();
        object input = mutation == "closePosting" ? new { postingId = "not-a-guid", reason = "FILLED" } : new { postingId = "not-a-guid" };
        var response = await app.Lifecycle(mutation, company.Token, input);
        response.ShouldFailWith("VALIDATION_FAILED");
        response.ErrorExtensions.GetProperty("field").GetString().ShouldBe("postingId");
    }
}
