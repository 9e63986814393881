using Alba;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Text.Json;

namespace Marketplace.Api.Tests.Web;

/// <summary>What the pages send, read as HTML without a browser: encoding, visibility, headers, the dashboard's door.</summary>
public class page_content(AppFixture app)
{
    [Fact]
    public async Task company_written_text_is_encoded_in_the_page_and_cannot_close_the_structured_data()
    {
        var company = await app.RegisterCompany("Evil <b>Corp</b>");
        var id = await app.PublishedPosting(company, Scenarios.PostingInput(
            title: "Engineer </script><script>alert(1)</script>",
            description: "## Hello <img src=x onerror=alert(2)>\n- **bold** `code` <iframe>"));

        var html = await Page($"/postings/{id}", 200);
        html.ShouldNotContain("<script>alert(1)");
        html.ShouldNotContain("<img src=x");
        html.ShouldNotContain("<iframe>");
        html.ShouldNotContain("<b>Corp</b>");
        html.ShouldContain("Engineer &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldContain("<h3>Hello &lt;img src=x onerror=alert(2)&gt;</h3>");
        html.ShouldContain("<li><strong>bold</strong> <code>code</code> &lt;iframe&gt;</li>");

        // Exactly one script element, the JSON-LD, and its JSON still names the real title.
        html.Split("<script").Length.ShouldBe(2);
        var start = html.IndexOf("application/ld+json\">", StringComparison.Ordinal) + "application/ld+json\">".Length;
        var jsonLd = JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement;
        jsonLd.GetProperty("title").GetString().ShouldBe("Engineer </script><script>alert(1)</script>");
        jsonLd.GetProperty("hiringOrganization").GetProperty("name").GetString().ShouldBe("Evil <b>Corp</b>");
    }

    [Fact]
    public async Task a_draft_posting_is_a_404_page_as_it_is_null_in_the_api()
    {
        var company = await app.RegisterCompany();
        var draft = await app.DraftedPosting(company);
        var html = await Page($"/postings/{draft}", 404);
        html.ShouldContain("<h1>Position not found</h1>");
        html.ShouldContain("noindex");
    }

    [Fact]
    public async Task pages_are_html_with_the_security_headers_and_a_stylesheet_of_our_own()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/skills"));
        var headers = result.Context.Response.Headers;
        headers.ContentType.ToString().ShouldBe("text/html; charset=utf-8");
        headers.ContentSecurityPolicy.ToString().ShouldContain("script-src 'self'");
        headers.XFrameOptions.ToString().ShouldBe("DENY");
        var html = await result.ReadAsTextAsync();
        html.ShouldContain("<link rel=\"stylesheet\" href=\"/site/site.css\">");
        html.Split("src=").Length.ShouldBe(1, "no script or image is loaded from anywhere");
        await app.Host.Scenario(s => { s.Get.Url("/site/site.css"); s.ContentTypeShouldBe("text/css"); });
    }

    [Fact]
    public async Task the_dashboard_shows_nothing_before_sign_in_and_takes_no_pasted_token()
    {
        var signIn = await app.Host.Scenario(s => s.Get.Url("/analytics"));
        signIn.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-store");
        var html = await signIn.ReadAsTextAsync();
        html.ShouldContain("href=\"/account/sign-in?returnUrl=%2Fanalytics\"");
        html.ShouldNotContain("name=\"token\"");
        html.ShouldNotContain("funnel-chart");

        // The paste-a-token form is gone: a token posted to its old address opens nothing.
        await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["token"] = app.Token(Roles.Analyst) }).ToUrl("/analytics/sign-in");
            s.StatusCodeShouldBe(404);
        });
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/analytics");
            s.WithRequestHeader("Cookie", $"marketplace_dashboard={app.Token(Roles.Analyst)}");
            s.ContentShouldNotContain("funnel-chart");
        });
    }

    [Fact]
    public async Task a_company_member_sees_a_refusal_not_another_companys_funnel()
    {
        var own = await app.NewTeam();
        var other = await app.RegisterCompany();
        var (status, html, _) = await own.Owner.Browser.Get($"/analytics?company={other.Id}");
        status.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        html.ShouldContain("You may analyse your own company");
        html.ShouldNotContain("funnel-chart");
        var (ownStatus, ownHtml, _) = await own.Owner.Browser.Get($"/analytics?company={own.CompanyId}");
        ownStatus.ShouldBe(System.Net.HttpStatusCode.OK, "the owner reads the company's own funnel");
        ownHtml.ShouldContain("id=\"period\"");
        ownHtml.ShouldContain("Signed in as an owner of Team Co.");
    }

    private async Task<string> Page(string url, int status)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return await result.ReadAsTextAsync();
    }
}
