using Marketplace.Api.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using System.Diagnostics;

namespace Marketplace.Api.Tests.Observability;

/// <summary>
/// With Broker__RabbitMq set, the background work really travels over RabbitMQ: the review a submission queues is sent to
/// the broker's queue and handled from it, in the request's trace. ./test runs this in its broker pass, together with the
/// feedback, pipeline, expiry and dead-letter tests, against a RabbitMQ it starts on loopback.
/// </summary>
public class broker_transport(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task a_review_is_sent_to_the_rabbitmq_queue_and_handled_from_it()
    {
        if (AppFixture.Broker is null)
            Assert.Skip("No broker in this pass: ./test runs the broker pass against RabbitMQ on loopback (MARKETPLACE_TEST_BROKER).");
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate();

        var (id, trace, client) = await app.SubmitTraced(candidate, challenge);
        (await app.Settled(id, candidate.Token)).GetProperty("status").GetString().ShouldBe("FEEDBACK_READY");

        var spans = await Eventually.Until(() => Task.FromResult(app.Spans.Trace(trace)),
            s => s.Any(span => span.Source.Name == "Wolverine" && span.DisplayName.EndsWith("ReviewSubmission")), TimeSpan.FromSeconds(10));
        foreach (var span in spans.Where(s => s.Source.Name == "Wolverine"))
            output.WriteLine($"{span.DisplayName} {span.Kind} {string.Join(", ", span.Tags.Select(t => $"{t.Key}={t.Value}"))}");
        // The outbox sends after the commit, inside the group's span: in this trace when this command led its group.
        var commit = spans.Single(s => s.DisplayName == "commit SubmitToChallenge");
        if (commit.GetTagItem("marketplace.group_commit.leads") is true)
            spans.ShouldContain(s => s.DisplayName == "send" && Over(s, "RabbitMQ") && Carries(s, "ReviewSubmission"), "the review was sent to RabbitMQ");
        spans.ShouldContain(s => s.Kind != ActivityKind.Producer && Over(s, "RabbitMQ") && Carries(s, "ReviewSubmission"),
            "the review was handled from RabbitMQ");
    }

    [Fact]
    public async Task ready_includes_the_broker()
    {
        if (AppFixture.Broker is null)
            Assert.Skip("No broker in this pass: ./test runs the broker pass against RabbitMQ on loopback (MARKETPLACE_TEST_BROKER).");
        var ready = System.Text.Json.JsonDocument.Parse(await (await app.Host.Scenario(s => s.Get.Url("/health/ready"))).ReadAsTextAsync()).RootElement;
        var broker = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "broker");
        broker.GetProperty("status").GetString().ShouldBe("Healthy");
        broker.GetProperty("description").GetString()!.ShouldNotContain("guest:", customMessage: "the broker's password never shows");

        // Later probes use the connection the first one opened.
        await app.Host.Scenario(s => s.Get.Url("/health/ready"));
        await app.Host.Scenario(s => s.Get.Url("/health/ready"));
        app.Host.Services.GetRequiredService<Marketplace.Api.Infrastructure.Hosting.BrokerReadyCheck>().ConnectionsOpened.ShouldBe(1);
    }

    [Fact]
    public async Task an_unreachable_broker_is_not_ready_and_its_password_never_shows()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Broker:RabbitMq"] = "amqp://guest:s3cret@127.0.0.1:1/" }).Build();
        await using var check = new Marketplace.Api.Infrastructure.Hosting.BrokerReadyCheck(configuration);
        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        result.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy);
        result.Description!.ShouldNotContain("s3cret");
        check.ConnectionsOpened.ShouldBe(0);
    }

    private static bool Over(Activity span, string system) =>
        span.Source.Name == "Wolverine" && string.Equals(span.GetTagItem("messaging.system") as string, system, StringComparison.OrdinalIgnoreCase);

    private static bool Carries(Activity span, string messageType) => span.GetTagItem("messaging.message_type") is string type && type.EndsWith(messageType);
}
