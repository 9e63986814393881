using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Api.Tests.Security;

/// <summary>
/// The per-address limit counts the client a trusted proxy names, and only a trusted proxy: a client that sends
/// X-Forwarded-For itself must not be able to spread its requests over addresses it makes up.
/// </summary>
public class behind_a_proxy
{
    private static async Task<HttpStatusCode> Send(HttpClient http, ApiProcess api, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task forwarded_addresses_are_believed_only_from_a_configured_proxy()
    {
        using var http = new HttpClient();
        await using (var untrusted = await ApiProcess.Start(new Dictionary<string, string> { ["RateLimit__PerAddressPerMinute"] = "2" }))
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 1; i <= 4; i++) statuses.Add(await Send(http, untrusted, $"203.0.113.{i}"));
            statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
                "without a trusted proxy, every request counts against the address it really came from");
        }

        await using var trusted = await ApiProcess.Start(new Dictionary<string, string>
        {
            ["RateLimit__PerAddressPerMinute"] = "2",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        });
        for (var i = 1; i <= 4; i++) (await Send(http, trusted, $"203.0.113.{i}")).ShouldBe(HttpStatusCode.OK, "four clients behind the proxy");
        (await Send(http, trusted, "198.51.100.7")).ShouldBe(HttpStatusCode.OK);
        (await Send(http, trusted, "198.51.100.7")).ShouldBe(HttpStatusCode.OK);
        (await Send(http, trusted, "198.51.100.7")).ShouldBe(HttpStatusCode.TooManyRequests, "one client behind the proxy has its own budget");
    }

    [Fact]
    public async Task a_proxy_that_is_not_an_address_stops_the_start_with_what_is_wrong()
    {
        var (code, output) = await ApiProcess.RunVerbWith("Development", new Dictionary<string, string> { ["ForwardedHeaders__KnownNetworks__0"] = "10.0.0.0/33" },
            "--urls", "http://127.0.0.1:0");
        code.ShouldNotBe(0);
        output.ShouldContain("ForwardedHeaders:KnownNetworks holds '10.0.0.0/33', which is not a CIDR range such as 10.0.0.0/8.");
    }
}
