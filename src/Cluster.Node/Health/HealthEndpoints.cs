using Cluster.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Node.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (Up cluster member, journal reachable).</summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (NodeReadiness readiness, CancellationToken ct) =>
            await readiness.IsReadyAsync(ct)
                ? Results.Ok(new { status = "ready" })
                : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
