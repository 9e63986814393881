using System.Net;
using Marketplace.Api.Tests.Support;
using Marketplace.Api.Webhooks;
using Shouldly;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>
/// Deliveries never reach internal addresses: a sender configured as in production (no range allowed) tries each form
/// against a real receiver listening on loopback, and nothing arrives; redirects are not followed even to an allowed
/// address. The suite's host allows loopback for its receivers, so these build their own sender.
/// </summary>
public class ssrf_guard(AppFixture app)
{
    private static WebhookSender Sender(params string[] allowed) =>
        new(new WebhookOptions { AllowHttp = true, AllowedRanges = allowed, Timeout = TimeSpan.FromSeconds(2) }, new TestResolver());

    private static readonly string Secret = WebhookSecret.New();

    [Theory]
    [InlineData("http://127.0.0.1:{port}/hooks", "loopback")]
    [InlineData("http://127.1.2.3:{port}/hooks", "loopback, another form")]
    [InlineData("http://localhost:{port}/hooks", "a name that resolves to loopback")]
    [InlineData("http://[::1]:{port}/hooks", "IPv6 loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hooks", "IPv4-mapped IPv6 loopback")]
    [InlineData("http://127-0-0-1.internal.test:{port}/hooks", "a name whose DNS answer is loopback")]
    [InlineData("http://10-0-0-5.internal.test:{port}/hooks", "a name whose DNS answer is private")]
    [InlineData("http://169-254-169-254.internal.test:{port}/latest/meta-data", "a name whose DNS answer is the metadata service")]
    [InlineData("http://0.0.0.0:{port}/hooks", "the unspecified address, which reaches loopback on Linux")]
    public async Task a_delivery_to_an_internal_address_is_refused_and_nothing_arrives(string template, string what)
    {
        await using var receiver = new WebhookReceiver();
        var port = new Uri(receiver.Url).Port;
        using var sender = Sender();
        var result = sender.Send(template.Replace("{port}", port.ToString()), [Secret], "msg_ssrf", """{"type":"webhook.test"}""",
            DateTimeOffset.UtcNow, CancellationToken.None);

        result.Attempt.Succeeded.ShouldBeFalse(what);
        result.Attempt.StatusCode.ShouldBeNull();
        result.Attempt.Error!.ShouldContain("internal address", customMessage: what);
        receiver.Received.ShouldBeEmpty(what);

        // The same receiver, reached with loopback allowed, does get it: the refusal was the guard's, not the network's.
        using var allowed = Sender("127.0.0.0/8");
        allowed.Send(receiver.Url, [Secret], "msg_ssrf", """{"type":"webhook.test","data":{}}""", DateTimeOffset.UtcNow, CancellationToken.None)
            .Attempt.Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("::")]
    [InlineData("ff02::1")]
    [InlineData("224.0.0.1")]
    public void every_internal_range_is_refused_in_each_of_its_forms(string address)
    {
        AddressGuard.From(new WebhookOptions()).Refusal(IPAddress.Parse(address)).ShouldNotBeNull(address);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::ffff:93.184.215.14")]
    public void public_addresses_pass(string address) =>
        AddressGuard.From(new WebhookOptions()).Refusal(IPAddress.Parse(address)).ShouldBeNull(address);

    [Fact]
    public async Task a_redirect_is_not_followed_even_to_an_allowed_address()
    {
        await using var target = new WebhookReceiver();
        await using var redirecting = new WebhookReceiver();
        redirecting.Answers.Enqueue($"redirect:{target.Url}");
        using var sender = Sender("127.0.0.0/8");

        var result = sender.Send(redirecting.Url, [Secret], "msg_redirect", """{"type":"webhook.test","data":{}}""", DateTimeOffset.UtcNow, CancellationToken.None);

        result.Attempt.Succeeded.ShouldBeFalse();
        result.Attempt.StatusCode.ShouldBe(307);
        result.Attempt.Error!.ShouldContain("not followed");
        redirecting.Received.Count.ShouldBe(1);
        target.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task through_the_api_a_name_resolving_to_a_private_address_gets_nothing_and_the_log_says_why()
    {
        var company = await app.RegisterCompany();
        var created = await app.CreateEndpoint(company.Token, new { url = "http://10-0-0-5.internal.test:8080/hooks", eventTypes = new[] { "application.received" } });
        var endpoint = Guid.Parse(created.Data("createWebhookEndpoint.endpoint.id").GetString()!);
        (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }")).Data();

        var log = await Eventually.Until(() => app.EndpointWithLog(endpoint, company.Token),
            e => e.GetProperty("deliveries")[0].GetProperty("attempts").GetArrayLength() > 0);
        log.GetProperty("deliveries")[0].GetProperty("attempts")[0].GetProperty("error").GetString()!.ShouldContain("10.0.0.5 is an internal address");
    }
}
