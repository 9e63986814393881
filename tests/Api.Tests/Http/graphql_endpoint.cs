using Alba;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Text;

namespace Marketplace.Api.Tests.Http;

public class graphql_endpoint(AppFixture app)
{
    private async Task<GraphQLResponse> Send(Action<Scenario> configure)
    {
        var result = await app.Host.Scenario(s =>
        {
            configure(s);
            s.IgnoreStatusCode();
        });
        return new GraphQLResponse(result.Context.Response.StatusCode, result.Context.Response.ContentType, await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task queries_may_be_sent_with_get()
    {
        var response = await Send(s => s.Get.Url("/graphql?query=" + Uri.EscapeDataString("{ skill(slug: \"microservices\") { name } }")));
        response.Status.ShouldBe(200);
        response.Data("skill.name").GetString().ShouldBe("Microservices");
    }

    [Fact]
    public async Task a_mutation_over_get_is_refused_and_changes_nothing()
    {
        var slug = "via-get-" + Guid.NewGuid().ToString("N")[..8];
        var mutation = $"mutation {{ registerCompany(input: {{name: \"Sneaky\", slug: \"{slug}\"}}) {{ company {{ id }} }} }}";
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/graphql?query=" + Uri.EscapeDataString(mutation));
            s.WithRequestHeader("Authorization", "Bearer " + app.Token(Roles.Admin));
            s.StatusCodeShouldBe(HttpStatusCode.MethodNotAllowed);
        });
        result.Context.Response.Headers.Allow.ToString().ShouldBe("POST");
        (await app.Host.GraphQL("mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { slug } } }",
            new { i = new { name = "Now by POST", slug } }, app.Token(Roles.Admin))).Data("registerCompany.company.slug").GetString().ShouldBe(slug);
    }

    [Fact]
    public async Task the_response_type_follows_the_accept_header()
    {
        var modern = await Send(s => { s.Post.Json(new { query = "{ __typename }" }).ToUrl("/graphql"); s.WithRequestHeader("Accept", "application/graphql-response+json"); });
        modern.ContentType.ShouldStartWith("application/graphql-response+json");
        var legacy = await Send(s => { s.Post.Json(new { query = "{ __typename }" }).ToUrl("/graphql"); s.WithRequestHeader("Accept", "application/json"); });
        legacy.ContentType.ShouldStartWith("application/json");
        var refused = await Send(s => { s.Post.Json(new { query = "{ __typename }" }).ToUrl("/graphql"); s.WithRequestHeader("Accept", "text/csv"); });
        refused.Status.ShouldBe(406);
    }

    [Fact]
    public async Task request_errors_are_400_for_graphql_response_clients_and_never_execute()
    {
        var response = await Send(s => { s.Post.Json(new { query = "{ nosuchfield }" }).ToUrl("/graphql"); s.WithRequestHeader("Accept", "application/graphql-response+json"); });
        response.Status.ShouldBe(400);
        response.ShouldFailWith("GRAPHQL_VALIDATION_FAILED");
        response.Json.TryGetProperty("data", out _).ShouldBeFalse();

        var parse = await Send(s => { s.Post.Json(new { query = "{" }).ToUrl("/graphql"); s.WithRequestHeader("Accept", "application/json"); });
        parse.Status.ShouldBe(200);
        parse.ShouldFailWith("GRAPHQL_PARSE_FAILED");
    }

    [Fact]
    public async Task malformed_requests_get_a_clear_error()
    {
        (await Send(s => s.Post.Text("{ __typename }").ToUrl("/graphql"))).Status.ShouldBe(415);
        var broken = await Send(s => s.Post.ByteArray(Encoding.UTF8.GetBytes("{ \"query\": ")).ContentType("application/json").ToUrl("/graphql"));
        broken.Status.ShouldBe(400);
        broken.ShouldFailWith("BAD_REQUEST");
        var wrongType = await Send(s => s.Post.ByteArray(Encoding.UTF8.GetBytes("{ \"query\": 42 }")).ContentType("application/json").ToUrl("/graphql"));
        wrongType.Status.ShouldBe(400);
        (await Send(s => s.Delete.Url("/graphql"))).Status.ShouldBe(405);
        var huge = Encoding.UTF8.GetBytes("{\"query\":\"" + new string(' ', 1_100_000) + "{ __typename }\"}");
        (await Send(s => s.Post.ByteArray(huge).ContentType("application/json").ToUrl("/graphql"))).Status.ShouldBe(413);
    }

    [Fact]
    public async Task an_invalid_token_is_unauthenticated_not_anonymous()
    {
        var response = await app.Host.GraphQL("{ __typename }", token: "not.a.token");
        response.Status.ShouldBe(401);
        response.ShouldFailWith("UNAUTHENTICATED");
    }

    [Fact]
    public async Task graphiql_is_served_from_the_app_to_browsers()
    {
        var page = await app.Host.Scenario(s => { s.Get.Url("/graphql"); s.WithRequestHeader("Accept", "text/html"); });
        var html = await page.ReadAsTextAsync();
        html.ShouldContain("GraphiQL");
        html.ShouldNotContain("https://", customMessage: "nothing is fetched from outside the app");
        foreach (var asset in new[] { "graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "app.js" })
            await app.Host.Scenario(s => s.Get.Url($"/graphiql/{asset}"));
    }

    [Fact]
    public async Task health_says_live_and_ready()
    {
        await app.Host.Scenario(s => s.Get.Url("/health/live"));
        var ready = System.Text.Json.JsonDocument.Parse(await (await app.Host.Scenario(s => s.Get.Url("/health/ready"))).ReadAsTextAsync()).RootElement;
        ready.GetProperty("status").GetString().ShouldBe("Healthy");
        ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .ShouldBe(AppFixture.Broker is null ? ["database", "projections"] : ["database", "projections", "broker"], ignoreOrder: true);
    }
}
