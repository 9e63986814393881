using Marketplace.Api.Infrastructure.Web;
using Shouldly;

namespace Marketplace.Api.Tests.Web;

/// <summary>What people write in markdown renders as structure, and nothing in it can run script or load from elsewhere.</summary>
public class markdown_rendering
{
    [Fact]
    public void headings_lists_code_tables_and_links_render_with_headings_below_the_page_s_own()
    {
        var html = Html.Markdown("""
            # The role

            You will **own** the `orders` service and *split* it.

            ### What you bring

            1. Kafka or RabbitMQ
            2. Sagas

            - on call, one week in six
            - see https://example.com/team and [our blog](https://blog.example.com/post?a=1&b=2)

            ```csharp
            var x = 1 < 2;
            ```

            | stage | days |
            |---|---|
            | screening | 3 |
            """);
        html.ShouldContain("<h3>The role</h3>");
        html.ShouldContain("<h4>What you bring</h4>");
        html.ShouldContain("<strong>own</strong>");
        html.ShouldContain("<em>split</em>");
        html.ShouldContain("<code>orders</code>");
        html.ShouldContain("<ol>");
        html.ShouldContain("<li>Sagas</li>");
        html.ShouldContain("<ul>");
        html.ShouldContain("<a href=\"https://blog.example.com/post?a=1&amp;b=2\" rel=\"nofollow ugc noopener\">our blog</a>");
        html.ShouldContain("<a href=\"https://example.com/team\" rel=\"nofollow ugc noopener\">https://example.com/team</a>");
        html.ShouldContain("<pre><code");
        html.ShouldContain("var x = 1 &lt; 2;");
        html.ShouldContain("<table>");
        html.ShouldContain("<td>screening</td>");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    [InlineData("[x](https://ok.example \"t\" onmouseover=alert(1))")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("`<script>alert(1)</script>`")]
    public void nothing_a_user_writes_can_run_script(string hostile)
    {
        // Read as a browser would: what is escaped text stays text; only elements and attributes could act.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{Html.Markdown(hostile)}</body>");
        var elements = document.Body!.QuerySelectorAll("*").ToList();
        elements.Select(e => e.LocalName).ShouldBeSubsetOf(["p", "a", "code", "pre", "em", "strong", "br"]);
        foreach (var element in elements)
            foreach (var attribute in element.Attributes)
            {
                attribute.Name.ShouldNotStartWith("on", Case.Insensitive);
                attribute.Name.ShouldNotBe("style");
                if (attribute.Name == "href")
                    new Uri(attribute.Value).Scheme.ShouldBeOneOf("http", "https", "mailto");
            }
    }

    [Fact]
    public void an_image_is_left_out_so_that_no_reader_fetches_anything_from_elsewhere()
    {
        var html = Html.Markdown("Before ![tracker](https://evil.example/pixel.png) after");
        html.ShouldNotContain("evil.example");
        html.ShouldContain("Before");
        html.ShouldContain("after");
    }
}
