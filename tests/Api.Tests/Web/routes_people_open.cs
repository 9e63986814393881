using Alba;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// Every address a person opens answers with its status and a Content-Type that says what it is: with
/// X-Content-Type-Options: nosniff a browser shows an untyped page as its source (GraphiQL once did).
/// </summary>
public class routes_people_open(AppFixture app)
{
    private const string Html = "text/html; charset=utf-8";
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task every_page_asset_and_probe_is_typed()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var challenge = await app.PublishedChallenge(company.Token);
        (string Path, int Status, string ContentType)[] routes =
        [
            ("/skills", 200, Html), ("/skills/microservices", 200, Html), ("/postings", 200, Html), ($"/postings/{posting}", 200, Html),
            ("/challenges", 200, Html), ($"/challenges/{challenge}", 200, Html), ("/analytics", 200, Html),
            ("/analytics/funnel.csv", 400, Html),
            ("/graphql", 200, Html),
            ("/graphiql/graphiql.min.js", 200, "text/javascript"), ("/graphiql/react.production.min.js", 200, "text/javascript"),
            ("/graphiql/react-dom.production.min.js", 200, "text/javascript"), ("/graphiql/app.js", 200, "text/javascript"),
            ("/graphiql/graphiql.min.css", 200, "text/css"), ("/graphiql/app.css", 200, "text/css"), ("/site/site.css", 200, "text/css"),
            ("/health/live", 200, "text/plain"), ("/health/ready", 200, "application/json; charset=utf-8"),
            ("/skills/no-such-skill", 404, Html), ($"/postings/{Guid.NewGuid()}", 404, Html), ("/no/such/page", 404, Html),
        ];

        var wrong = new List<string>();
        foreach (var (path, status, contentType) in routes)
        {
            var result = await Open(path);
            var actual = result.Context.Response.ContentType;
            if (result.Context.Response.StatusCode != status || actual != contentType)
                wrong.Add($"{path}: {result.Context.Response.StatusCode} {actual ?? "(no Content-Type)"}, expected {status} {contentType}");
        }
        wrong.ShouldBeEmpty();
        (await Open("/")).Context.Response.Headers.Location.ToString().ShouldBe("/skills");
    }

    [Fact]
    public async Task an_address_that_does_not_exist_gets_a_page_in_the_site_layout()
    {
        var result = await Open("/no/such/page");
        result.Context.Response.StatusCode.ShouldBe(404);
        var html = await result.ReadAsTextAsync();
        html.ShouldContain("<h1>Page not found</h1>");
        html.ShouldContain("<nav aria-label=\"Site\">", customMessage: "the site's layout");
        html.ShouldContain("noindex");

        var asset = await app.Host.Scenario(s => { s.Get.Url("/graphiql/missing.js"); s.WithRequestHeader("Accept", "*/*"); s.StatusCodeShouldBe(404); });
        (await asset.ReadAsTextAsync()).ShouldBeEmpty("a script that asks for nothing gets no page");
    }

    [Fact]
    public async Task a_failure_shows_an_error_page_without_internals()
    {
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url(FailingAddress.Path);
            s.WithRequestHeader("Accept", BrowserAccept);
            s.StatusCodeShouldBe(500);
            s.ContentTypeShouldBe(Html);
        });
        var html = await page.ReadAsTextAsync();
        html.ShouldContain("<h1>Something went wrong</h1>");
        html.ShouldContain("<nav aria-label=\"Site\">");
        html.ShouldNotContain(FailingAddress.Secret);
        html.ShouldNotContain("InvalidOperationException");
        html.ShouldNotContain(" at ");

        var client = await app.Host.Scenario(s =>
        {
            s.Get.Url(FailingAddress.Path);
            s.WithRequestHeader("Accept", "application/json");
            s.StatusCodeShouldBe(500);
        });
        var body = await client.ReadAsTextAsync();
        body.ShouldContain("\"code\":\"INTERNAL\"");
        body.ShouldNotContain(FailingAddress.Secret);
    }

    private Task<IScenarioResult> Open(string path) => app.Host.Scenario(s =>
    {
        s.Get.Url(path);
        s.WithRequestHeader("Accept", BrowserAccept);
        s.IgnoreStatusCode();
    });
}
