using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Api.Tests.Security;

public class request_limits(AppFixture app)
{
    [Fact]
    public async Task deep_nesting_is_refused_before_anything_runs()
    {
        var deep = "{ skill(slug: \"microservices\") { openPostings { edges { node { company { name } } } } } }";
        (await app.Host.GraphQL(deep)).Errors.Count.ShouldBe(0);
        var tooDeep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } } }";
        (await app.Host.GraphQL(tooDeep)).ShouldFailWith("GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task aliases_that_multiply_work_are_refused()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 1500).Select(i => $"a{i}: postings(first: 100) {{ edges {{ node {{ title company {{ name }} }} }} }}"));
        (await app.Host.GraphQL($"{{ {aliases} }}")).ShouldFailWith("GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task a_connection_s_page_multiplies_what_it_selects_and_the_refusal_says_the_cost_and_the_limit()
    {
        // One page of a hundred postings: the connection, then 100 × (edge, posting, company) = 301; scalars cost nothing.
        const string page = "postings(first: 100) { edges { node { title company { name } } } }";
        (await app.Host.GraphQL($"{{ {page} }}")).Errors.ShouldBeEmpty();
        (await app.Host.GraphQL($"{{ {string.Join(" ", Enumerable.Range(0, 33).Select(i => $"a{i}: {page}"))} }}")).Errors.ShouldBeEmpty();

        // Thirty-four of them ask for 3,400 postings: 10,234, over the limit, though the old count let 1,000 pass.
        var refused = await app.Host.GraphQL($"{{ {string.Join(" ", Enumerable.Range(0, 34).Select(i => $"a{i}: {page}"))} }}");
        refused.ShouldFailWith("GRAPHQL_VALIDATION_FAILED");
        var error = refused.Errors.ShouldHaveSingleItem();
        error.GetProperty("message").GetString().ShouldBe(
            "This query costs 10,234; the limit is 10,000. Each object counts once for every time it is resolved, and a " +
            "connection's page (first or last, 20 when omitted) multiplies what it selects: ask for smaller pages, fewer fields or fewer aliases.");
        error.GetProperty("extensions").GetProperty("cost").GetInt32().ShouldBe(10_234);
        error.GetProperty("extensions").GetProperty("limit").GetInt32().ShouldBe(10_000);

        // The page size comes from variables too, and an omitted one counts as the default page.
        var variables = await app.Host.GraphQL(
            $"query($n: Int) {{ {string.Join(" ", Enumerable.Range(0, 34).Select(i => $"a{i}: postings(first: $n) {{ edges {{ node {{ title company {{ name }} }} }} }}"))} }}",
            new { n = 100 });
        variables.ShouldFailWith("GRAPHQL_VALIDATION_FAILED");
        (await app.Host.GraphQL($"{{ {string.Join(" ", Enumerable.Range(0, 34).Select(i => $"a{i}: postings {{ edges {{ node {{ title company {{ name }} }} }} }}"))} }}"))
            .Errors.ShouldBeEmpty("34 default pages of 20 cost 2,074");
    }

    [Fact]
    public async Task graphiqls_full_introspection_still_works()
    {
        var response = await app.Host.GraphQL(Introspection.Query);
        response.Data("__schema.queryType.name").GetString().ShouldBe("Query");
        response.Data("__schema.types").GetArrayLength().ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task every_response_carries_the_security_headers_and_cors_stays_closed()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/graphql?query=%7B__typename%7D");
            s.WithRequestHeader("Origin", "https://evil.example");
        });
        var headers = result.Context.Response.Headers;
        headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        headers.XFrameOptions.ToString().ShouldBe("DENY");
        headers.ContentSecurityPolicy.ToString().ShouldContain("default-src 'self'");
        headers.ContainsKey("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task too_many_requests_answer_rate_limited_with_retry_after()
    {
        await using var api = await ApiProcess.Start(new Dictionary<string, string> { ["RateLimit__PerAddressPerMinute"] = "5" });
        using var http = new HttpClient();
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) statuses.Add(await http.PostAsJsonAsync($"{api.Url}/graphql", new { query = "{ __typename }" }));

        statuses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        var body = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("RATE_LIMITED");
    }

    [Fact]
    public async Task a_company_s_machine_client_is_counted_apart_from_its_people()
    {
        await using var api = await ApiProcess.StartWithSkills(new Dictionary<string, string>
        {
            ["RateLimit__PerIdentityPerMinute"] = "3", ["RateLimit__PerMachineClientPerMinute"] = "6",
        });
        using var http = new HttpClient();
        async Task<(HttpStatusCode Status, JsonElement Json)> Send(string token, string query, object? variables = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql") { Content = JsonContent.Create(new { query, variables }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }
        var email = $"limits-{Guid.NewGuid():N}@example.com";
        using var browser = CodeFlow.BrowserFor(api);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);
        var owner = await CodeFlow.AccessToken(browser, email);
        var (_, registered) = await Send(owner, "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
            new { i = new { name = "Limits Co", slug = "limits-" + Guid.NewGuid().ToString("N")[..8] } });
        var company = registered.GetProperty("data").GetProperty("registerCompany").GetProperty("company").GetProperty("id").GetString();
        await Send(app.Token(Marketplace.Api.Infrastructure.Identity.Roles.Admin), "mutation($i: CompanyIdInput!) { approveCompany(input: $i) { company { id } } }",
            new { i = new { companyId = company } });
        var (_, created) = await Send(owner, "mutation { createApiClient(input: {name: \"ATS\", scopes: [\"postings\"]}) { client { clientId } clientSecret } }");
        var client = created.GetProperty("data").GetProperty("createApiClient");
        var (_, tokenBody, _) = await browser.Post("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.GetProperty("client").GetProperty("clientId").GetString()!,
            ["client_secret"] = client.GetProperty("clientSecret").GetString()!,
        });
        var machine = JsonDocument.Parse(tokenBody).RootElement.GetProperty("access_token").GetString()!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) statuses.Add((await Send(machine, "{ __typename }")).Status);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(6, "a machine client has a budget of its own size");
        statuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(owner, "{ __typename }")).Status.ShouldBe(HttpStatusCode.OK, "the company's people are not held back by its integration's burst");
        (await Send(owner, "{ __typename }")).Status.ShouldBe(HttpStatusCode.TooManyRequests, "while a person's own budget is three");
    }

    [Fact]
    public async Task each_identity_has_its_own_budget()
    {
        await using var api = await ApiProcess.Start(new Dictionary<string, string> { ["RateLimit__PerIdentityPerMinute"] = "3" });
        using var http = new HttpClient();
        async Task<HttpStatusCode> Send(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return (await http.SendAsync(request)).StatusCode;
        }
        var first = app.Token(Marketplace.Api.Infrastructure.Identity.Roles.Candidate);
        var second = app.Token(Marketplace.Api.Infrastructure.Identity.Roles.Candidate);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add(await Send(first));
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(3);
        (await Send(second)).ShouldBe(HttpStatusCode.OK, "another identity is not held back by the first one's burst");
    }

    [Fact]
    public async Task a_request_that_runs_too_long_is_stopped_with_timeout()
    {
        await using var api = await ApiProcess.Start(new Dictionary<string, string> { ["GraphQL__TimeoutMilliseconds"] = "1" });
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{api.Url}/graphql",
            new { query = "{ postings(first: 100) { totalCount edges { node { title company { name } } } } skills { name openPostings { totalCount } } }" });
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("TIMEOUT");
    }
}
