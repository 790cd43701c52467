using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Node.Health;

/// <summary>
/// ASP.NET Core health checks. <c>/health/live</c>: the ActorSystem runs. <c>/health/ready</c>:
/// besides, an Up cluster member with its journal prepared and answering and its shard regions
/// registered. <c>200</c> when healthy, else <c>503</c>; the body names each check's status.
/// </summary>
public static class HealthEndpoints
{
    private const string Live = "live";

    /// <summary>The tag of the checks <c>/health/ready</c> runs; a host adds its own checks with it.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddEventClusterHealth(this IServiceCollection services)
    {
        services.AddSingleton<JournalPreparation>();
        services.AddHealthChecks()
            .AddCheck<ActorSystemCheck>("actor-system", tags: [Live, ReadyTag])
            .AddCheck<ClusterMemberCheck>("cluster-member", tags: [ReadyTag])
            .AddCheck<JournalCheck>("journal", tags: [ReadyTag])
            .AddCheck<ShardRegionsCheck>("shard-regions", tags: [ReadyTag]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", Options(Live));
        app.MapHealthChecks("/health/ready", Options(ReadyTag));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
