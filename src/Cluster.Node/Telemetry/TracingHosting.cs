using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cluster.Node.Telemetry;

/// <summary>
/// OTLP export, only where the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: spans of the
/// <see cref="Tracing.Source"/> and of ASP.NET Core requests, and the metrics besides their
/// Prometheus scrape. Otherwise nothing is registered, nothing listens, and no span is ever made.
/// The exporter reads its other standard variables (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, headers, …) itself.
/// </summary>
public static class TracingHosting
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddEventClusterTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointVariable]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "event-cluster"))
            .WithTracing(tracing => tracing.AddSource(Tracing.SourceName).AddAspNetCoreInstrumentation().AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddOtlpExporter());
        return services;
    }
}
