using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>Bad input to the webhook operations gets VALIDATION_FAILED at its field and changes nothing; another company's endpoints do not exist.</summary>
public class webhook_input_and_access(AppFixture app)
{
    private async Task<int> EndpointCount(string token) =>
        (await app.Host.GraphQL("{ webhookEndpoints { id } }", token: token)).Data("webhookEndpoints").GetArrayLength();

    [Theory]
    [InlineData("not a url", "url")]
    [InlineData("ftp://hooks.example.com/x", "url")]
    [InlineData("https://user:secret@hooks.example.com/x", "url")]
    [InlineData("http://10.0.0.1/hooks", "url")]
    [InlineData("http://169.254.169.254/latest/meta-data", "url")]
    [InlineData("http://[::ffff:10.0.0.1]/hooks", "url")]
    [InlineData("http://[fd00::1]/hooks", "url")]
    public async Task a_url_that_is_not_a_public_http_address_is_refused(string url, string field)
    {
        var company = await app.RegisterCompany();
        var response = await app.CreateEndpoint(company.Token, new { url, eventTypes = new[] { "application.received" } });
        response.ShouldFailWith("VALIDATION_FAILED");
        response.Errors[0].GetProperty("extensions").GetProperty("field").GetString().ShouldBe(field);
        response.Body.ShouldNotContain("   at ", customMessage: "no stack trace");
        (await EndpointCount(company.Token)).ShouldBe(0);
    }

    [Fact]
    public async Task event_types_descriptions_and_overlaps_out_of_bounds_are_refused()
    {
        var company = await app.RegisterCompany();
        foreach (var (input, field) in new (object, string)[]
                 {
                     (new { url = "https://hooks.example.com/x", eventTypes = Array.Empty<string>() }, "eventTypes"),
                     (new { url = "https://hooks.example.com/x", eventTypes = new[] { "application.received", "nope.nothing" } }, "eventTypes"),
                     (new { url = "https://hooks.example.com/x", eventTypes = new[] { "posting.closed" }, description = new string('d', 201) }, "description"),
                     (new { url = "https://hooks.example.com/" + new string('p', 2100), eventTypes = new[] { "posting.closed" } }, "url"),
                 })
        {
            var response = await app.CreateEndpoint(company.Token, input);
            response.ShouldFailWith("VALIDATION_FAILED");
            response.Errors[0].GetProperty("extensions").GetProperty("field").GetString().ShouldBe(field);
        }
        (await EndpointCount(company.Token)).ShouldBe(0);

        var endpoint = await app.WebhookEndpointOf(company.Token);
        var before = await app.EndpointWithLog(endpoint, company.Token);
        (await app.WebhookMutation("rotateWebhookSecret", "RotateWebhookSecretInput", company.Token, new { endpointId = endpoint, overlapHours = 500 }, "signingSecret"))
            .ShouldFailWith("VALIDATION_FAILED");
        (await app.WebhookMutation("updateWebhookEndpoint", "UpdateWebhookEndpointInput", company.Token, new { endpointId = endpoint, eventTypes = new[] { "x" } }, "endpoint { id }"))
            .ShouldFailWith("VALIDATION_FAILED");
        (await app.WebhookMutation("updateWebhookEndpoint", "UpdateWebhookEndpointInput", company.Token, new { endpointId = endpoint, url = "gopher://x", enabled = false }, "endpoint { id }"))
            .ShouldFailWith("VALIDATION_FAILED");
        (await app.WebhookMutation("updateWebhookEndpoint", "UpdateWebhookEndpointInput", company.Token, new { endpointId = endpoint, enabled = false, expectedVersion = 99 }, "endpoint { id }"))
            .ShouldFailWith("CONFLICT");
        (await app.WebhookMutation("replayWebhookDeliveries", "ReplayWebhookDeliveriesInput", company.Token,
            new { endpointId = endpoint, since = DateTimeOffset.UtcNow.AddDays(1) }, "replayed")).ShouldFailWith("VALIDATION_FAILED");
        (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = "not-an-id" }, "delivery { id }"))
            .ShouldFailWith("VALIDATION_FAILED");
        (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = Guid.NewGuid() }, "delivery { id }"))
            .ShouldFailWith("NOT_FOUND");
        var after = await app.EndpointWithLog(endpoint, company.Token);
        after.GetRawText().ShouldBe(before.GetRawText(), "nothing changed");
    }

    [Fact]
    public async Task another_company_neither_sees_nor_touches_an_endpoint_nor_its_deliveries()
    {
        var x = await app.RegisterCompany();
        var y = await app.RegisterCompany();
        var endpoint = await app.WebhookEndpointOf(x.Token);
        var delivery = (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", x.Token, new { endpointId = endpoint }, "delivery { id }"))
            .Data("sendTestWebhook.delivery.id").GetString();

        (await app.Host.GraphQL("query($id: ID!) { webhookEndpoint(id: $id) { id } }", new { id = endpoint }, y.Token)).Data("webhookEndpoint")
            .ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await app.Host.GraphQL("{ webhookEndpoints { id } }", token: y.Token)).Body.ShouldNotContain(endpoint.ToString());
        (await app.WebhookMutation("replayWebhookDelivery", "ReplayWebhookDeliveryInput", y.Token, new { deliveryId = delivery }, "delivery { id }"))
            .ShouldFailWith("NOT_FOUND");
        (await app.WebhookMutation("deleteWebhookEndpoint", "WebhookEndpointIdInput", y.Token, new { endpointId = endpoint }, "deleted"))
            .ShouldFailWith("NOT_FOUND");
        (await app.Host.GraphQL("query($id: ID!) { webhookEndpoint(id: $id) { id } }", new { id = endpoint }, x.Token)).Data("webhookEndpoint.id")
            .GetString().ShouldBe(endpoint.ToString(), "still there");
    }
}
