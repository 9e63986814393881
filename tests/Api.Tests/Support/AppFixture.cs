using Alba;
using JasperFx.CommandLine;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Seed;
using Marketplace.Domain.Submissions.Feedback;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Wolverine;

[assembly: AssemblyFixture(typeof(Marketplace.Api.Tests.Support.AppFixture))]

namespace Marketplace.Api.Tests.Support;

/// <summary>One API host for the whole test assembly, on the real PostgreSQL that ./test prepared.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5433;Database=marketplace_test;Username=postgres";

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The SMTP server the host sends its mail to.</summary>
    public MailCatcher Mail { get; } = new();

    /// <summary>Finished spans of the traces a test watches (OpenTelemetry's in-memory exporter writes here).</summary>
    public SpanRecorder Spans { get; } = new();

    /// <summary>A RabbitMQ broker (amqp://…) for the broker pass of ./test: the background work travels over it instead of local queues.</summary>
    public static string? Broker => Environment.GetEnvironmentVariable("MARKETPLACE_TEST_BROKER") is { Length: > 0 } uri ? uri : null;

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Marketplace") ?? DefaultConnectionString;

    public async ValueTask InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Environment.SetEnvironmentVariable("ConnectionStrings__Marketplace", ConnectionString);
        // A reviewer outage should end in FEEDBACK_FAILED within a test's patience, not after minutes of backoff.
        Environment.SetEnvironmentVariable("Feedback__RetryDelays__0", "00:00:00.050");
        Environment.SetEnvironmentVariable("Feedback__RetryDelays__1", "00:00:00.100");
        // The whole suite shares one address; rate limits are tested on a process of their own.
        Environment.SetEnvironmentVariable("RateLimit__PerAddressPerMinute", "1000000");
        Environment.SetEnvironmentVariable("RateLimit__PerIdentityPerMinute", "1000000");
        Environment.SetEnvironmentVariable("Mail__Host", "127.0.0.1");
        Environment.SetEnvironmentVariable("Mail__Port", Mail.Port.ToString());
        Environment.SetEnvironmentVariable("RateLimit__AccountFormsPerMinute", "1000000");
        // Tracing on, exported into memory only: the trace tests read it.
        Environment.SetEnvironmentVariable("Telemetry__Enabled", "true");
        Environment.SetEnvironmentVariable("Broker__RabbitMq", Broker);
        // Idle streams beat every second here, so the tests see a heartbeat without waiting 15 s.
        Environment.SetEnvironmentVariable("Live__HeartbeatSeconds", "1");
        // The suite shares its cores with other work and waits for the meaning projections: the host encodes at normal
        // priority (encoding_in_the_background tests the low-priority thread production uses).
        Environment.SetEnvironmentVariable("Meaning__EncoderNice", "0");
        // For the same reason the feedback job may wait for the model however late it starts; the quicker way it takes
        // on a busy node is tested on its own (feedback_while_the_model_is_busy).
        Environment.SetEnvironmentVariable("Feedback__MeaningWithin", "00:10:00");
        // Webhook receivers are servers of the test on loopback over plain HTTP, and a failed delivery is tried again
        // within a test's patience rather than over a day.
        Environment.SetEnvironmentVariable("Webhooks__AllowHttp", "true");
        Environment.SetEnvironmentVariable("Webhooks__AllowedRanges__0", "127.0.0.0/8");
        Environment.SetEnvironmentVariable("Webhooks__AllowedRanges__1", "::1/128");
        Environment.SetEnvironmentVariable("Webhooks__Timeout", "00:00:02");
        foreach (var (delay, i) in new[] { "00:00:00.200", "00:00:00.400", "00:00:00.800", "00:00:01" }.Select((d, i) => (d, i)))
            Environment.SetEnvironmentVariable($"Webhooks__RetryDelays__{i}", delay);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("environment", "Development");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                if (Broker is null) services.DisableAllExternalWolverineTransports();
                services.AddSingleton<IFeedbackReviewer>(new OutageReviewer(new RubricReviewer()));
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
                services.AddSingleton<IStartupFilter, FailingAddress>();
                services.AddSingleton<Marketplace.Api.Webhooks.IWebhookResolver>(new TestResolver());
            });
        });
        await Host.ResetAllMartenDataAsync();
        using var scope = Host.Services.CreateScope();
        await ActivatorUtilities.CreateInstance<DemoData>(scope.ServiceProvider).LoadSkills(_ => { });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Mail.DisposeAsync();
    }

    public string Token(string role, Guid? subject = null, Guid? company = null) =>
        Host.Services.GetRequiredService<TokenIssuer>().Issue(role, subject, company);

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
}

/// <summary>
/// An address of the test host only, behind every route of the product, that throws: what an unforeseen failure outside
/// the pages looks like to a browser and to a client (the error pages' tests).
/// </summary>
public sealed class FailingAddress : IStartupFilter
{
    public const string Path = "/test/failure";
    public const string Secret = "connection refused by db-internal-7";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use(then => http => http.Request.Path == Path ? throw new InvalidOperationException(Secret) : then(http));
    };
}
