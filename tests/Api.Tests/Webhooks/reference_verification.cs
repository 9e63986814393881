using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>
/// Deliveries verified by the Standard Webhooks reference library (npm <c>standardwebhooks</c>, from the specification's
/// own repository) in a Node receiver: events, the test event, and both sides of a secret rotation's overlap.
/// </summary>
public class reference_verification(AppFixture app)
{
    private sealed class NodeReceiver : IAsyncDisposable
    {
        private readonly Task<int> _running;
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentQueue<JsonElement> Lines { get; } = new();
        public int Port { get; }

        public NodeReceiver(int port, params string[] secrets)
        {
            Port = port;
            _running = NodeClients.Run(["dist/webhook-receiver.js", port.ToString(), .. secrets], TimeSpan.FromMinutes(2), line =>
            {
                if (line == "listening") _listening.TrySetResult();
                else if (line.StartsWith('{')) Lines.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
                return Task.CompletedTask;
            }, _ => { });
        }

        public Task Listening => _listening.Task.WaitAsync(TimeSpan.FromSeconds(20));

        public async Task<JsonElement> Next(Func<JsonElement, bool> matching) =>
            await Eventually.Until(() => Task.FromResult(Lines.FirstOrDefault(matching)), l => l.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30));

        public async ValueTask DisposeAsync()
        {
            using var http = new HttpClient();
            try { await http.GetAsync($"http://127.0.0.1:{Port}/stop"); } catch (HttpRequestException) { }
            await _running;
        }
    }

    [Fact]
    public async Task the_reference_library_verifies_events_and_both_secrets_during_a_rotation()
    {
        await NodeClients.Ready();
        var company = await app.RegisterCompany();
        var port = WebhookReceiver.FreePort();
        var created = (await app.CreateEndpoint(company.Token, new { url = $"http://127.0.0.1:{port}/hooks", eventTypes = new[] { "application.received" } }))
            .Data("createWebhookEndpoint");
        var oldSecret = created.GetProperty("signingSecret").GetString()!;
        var endpoint = created.GetProperty("endpoint").GetProperty("id").GetString();

        var newSecret = "";
        await using (var receiver = new NodeReceiver(port, oldSecret))
        {
            await receiver.Listening;
            var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 3));
            await app.Applied(await app.RegisterCandidate(), posting);
            (await receiver.Next(l => l.GetProperty("type").GetString() == "application.received")).GetProperty("verified").GetBoolean().ShouldBeTrue();

            newSecret = (await app.WebhookMutation("rotateWebhookSecret", "RotateWebhookSecretInput", company.Token, new { endpointId = endpoint, overlapHours = 24 },
                "signingSecret")).Data("rotateWebhookSecret.signingSecret").GetString()!;
            await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }");
            (await receiver.Next(l => l.GetProperty("type").GetString() == "webhook.test")).GetProperty("verified").GetBoolean()
                .ShouldBeTrue("a receiver still on the old secret verifies during the overlap");
        }
        await using (var receiver = new NodeReceiver(port, newSecret))
        {
            await receiver.Listening;
            await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }");
            (await receiver.Next(l => l.GetProperty("type").GetString() == "webhook.test")).GetProperty("verified").GetBoolean()
                .ShouldBeTrue("a receiver already on the new secret verifies too");
        }
        await using (var receiver = new NodeReceiver(port, WebhookSecretOfNobody))
        {
            await receiver.Listening;
            await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }");
            (await receiver.Next(l => l.GetProperty("type").GetString() == "webhook.test")).GetProperty("verified").GetBoolean()
                .ShouldBeFalse("the library refuses a request signed with secrets it does not hold");
        }
    }

    private static readonly string WebhookSecretOfNobody = Marketplace.Api.Webhooks.WebhookSecret.New();
}
