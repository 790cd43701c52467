using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Cluster.Node.Telemetry;

/// <summary>OpenTelemetry metrics: the project's meter, .NET runtime and ASP.NET Core, exported in Prometheus text format at <c>/metrics</c>.</summary>
public static class MetricsHosting
{
    public static IServiceCollection AddEventClusterMetrics(this IServiceCollection services)
    {
        ClusterMetrics.EnsureCreated();
        services.AddHostedService<ShardCensus>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ClusterMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
