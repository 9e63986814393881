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
    public async Task the_dashboard_shows_nothing_before_sign_in_and_refuses_a_sign_in_posted_from_another_site()
    {
        var signIn = await app.Host.Scenario(s => s.Get.Url("/analytics"));
        signIn.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-store");
        var html = await signIn.ReadAsTextAsync();
        html.ShouldContain("name=\"token\"");
        html.ShouldNotContain("funnel-chart");

        await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["token"] = app.Token(Roles.Analyst) }).ToUrl("/analytics/sign-in");
            s.WithRequestHeader("Sec-Fetch-Site", "cross-site");
            s.StatusCodeShouldBe(403);
        });
        await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["token"] = app.Token(Roles.Analyst) }).ToUrl("/analytics/sign-in");
            s.WithRequestHeader("Origin", "https://elsewhere.example");
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task a_same_site_sign_in_sets_a_strict_http_only_cookie_that_opens_the_dashboard_and_sign_out_clears_it()
    {
        var token = app.Token(Roles.Analyst);
        var signedIn = await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["token"] = token }).ToUrl("/analytics/sign-in");
            s.WithRequestHeader("Sec-Fetch-Site", "same-origin");
            s.StatusCodeShouldBe(302);
        });
        signedIn.Context.Response.Headers.Location.ToString().ShouldBe("/analytics");
        var cookie = signedIn.Context.Response.Headers.SetCookie.ToString();
        cookie.ShouldStartWith($"marketplace_dashboard={token}");
        cookie.ToLowerInvariant().ShouldContain("httponly");
        cookie.ToLowerInvariant().ShouldContain("samesite=strict");
        cookie.ToLowerInvariant().ShouldContain("path=/analytics");

        var dashboard = await app.Host.Scenario(s =>
        {
            s.Get.Url("/analytics");
            s.WithRequestHeader("Cookie", $"marketplace_dashboard={token}");
            s.StatusCodeShouldBe(200);
        });
        var html = await dashboard.ReadAsTextAsync();
        html.ShouldContain("action=\"/analytics/sign-out\"", customMessage: "the dashboard itself, not the sign-in page");
        html.ShouldNotContain("name=\"token\"");

        var signedOut = await app.Host.Scenario(s =>
        {
            s.Post.Url("/analytics/sign-out");
            s.WithRequestHeader("Sec-Fetch-Site", "same-origin");
            s.WithRequestHeader("Cookie", $"marketplace_dashboard={token}");
            s.StatusCodeShouldBe(302);
        });
        signedOut.Context.Response.Headers.SetCookie.ToString().ShouldStartWith("marketplace_dashboard=;");
    }

    [Fact]
    public async Task a_company_member_sees_a_refusal_not_another_companys_funnel()
    {
        var own = await app.RegisterCompany();
        var other = await app.RegisterCompany();
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/analytics?company={other.Id}");
            s.WithRequestHeader("Cookie", $"marketplace_dashboard={own.Token}");
            s.StatusCodeShouldBe(403);
        });
        var html = await result.ReadAsTextAsync();
        html.ShouldContain("You may analyse your own company");
        html.ShouldNotContain("funnel-chart");
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
