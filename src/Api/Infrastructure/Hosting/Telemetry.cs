using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using System.Diagnostics;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics: one trace from the HTTP request through GraphQL, the Wolverine handler, Marten's
/// SaveChanges and the SQL it sends, to the messages it publishes and the handlers that receive them (on any node).
/// On when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or Telemetry__OtlpEndpoint) or Telemetry__Enabled
/// is true; off otherwise, so a plain run pays nothing for spans nobody reads.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "marketplace-api";

    /// <summary>Our own spans: one per GraphQL operation.</summary>
    public static readonly ActivitySource GraphQL = new("Marketplace.GraphQL");

    /// <summary>Every source that belongs to a request's trace.</summary>
    public static readonly string[] Sources = [GraphQL.Name, Reliability.GroupCommit.Spans.Name, "Wolverine", "Marten"];

    public static void AddMarketplaceTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var endpoint = configuration["Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint) && !configuration.GetValue("Telemetry:Enabled", false)) return;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(configuration["Telemetry:ServiceName"] ?? ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .AddSource(Sources)
                .AddNpgsql()
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes arrive every few seconds from every orchestrator: they are not requests anyone traces.
                    options.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddProcessor(new BackgroundNoiseFilter()))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                // Wolverine names its meter after the service ("Wolverine:Marketplace.Api").
                .AddMeter("Wolverine*", "Marten", "Npgsql", Reliability.GroupCommit.Meter.Name));
        if (!string.IsNullOrWhiteSpace(endpoint))
            telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
    }

    /// <summary>
    /// Drops what background loops do on their own: the projection daemon's and Wolverine's durability and node agents'
    /// polling start traces of their own from Npgsql, Marten or Wolverine ("wolverine_node_assignments"). Unmarked when
    /// they start, their children are not sampled either (the default sampler follows the parent). A span that belongs
    /// to a request or to a message being handled keeps everything beneath it.
    /// </summary>
    private sealed class BackgroundNoiseFilter : BaseProcessor<Activity>
    {
        public override void OnStart(Activity activity)
        {
            if (!IsBackgroundNoise(activity)) return;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
        }
    }

    private static bool IsBackgroundNoise(Activity activity) =>
        activity.ParentSpanId == default &&
        (activity.Source.Name is "Npgsql" or "Marten" ||
         activity.Source.Name == "Wolverine" && activity.OperationName.StartsWith("wolverine", StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the span of one GraphQL operation, named as OpenTelemetry's GraphQL conventions ask.</summary>
    public static Activity? StartGraphQLOperation(string? operationType, string? operationName)
    {
        var activity = GraphQL.StartActivity(string.IsNullOrEmpty(operationName) ? $"graphql {operationType}" : $"{operationType} {operationName}");
        activity?.SetTag("graphql.operation.type", operationType);
        activity?.SetTag("graphql.operation.name", operationName);
        return activity;
    }
}
