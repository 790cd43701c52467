using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;
using Cluster.Node.Scavenging;

namespace Cluster.Gateway.Retention;

/// <summary><c>POST /admin/scavenge</c> starts a scavenge (one at a time across the cluster); <c>GET</c> tells whether one runs and how the last went.</summary>
internal static class ScavengeEndpoints
{
    public static void MapScavenge(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/scavenge", async (ScavengeService service, ScavengeState state, ScavengeOptions options, CancellationToken ct) =>
            {
                service.Request();
                return Results.Json(View(await state.StatusAsync(options.LeaseTimeout, ct)), statusCode: StatusCodes.Status202Accepted);
            })
            .Requires(Right.Admin, TopicFrom.Cluster)
            .WithTags("Retention")
            .WithSummary("Start a scavenge: unreadable events are removed from storage and the space reused. One runs at a time across the cluster.")
            .Produces<ScavengeView>(StatusCodes.Status202Accepted);
        app.MapGet("/admin/scavenge", async (ScavengeState state, ScavengeOptions options, CancellationToken ct) =>
                Results.Ok(View(await state.StatusAsync(options.LeaseTimeout, ct))))
            .Requires(Right.Admin, TopicFrom.Cluster)
            .WithTags("Retention")
            .WithSummary("Whether a scavenge runs now, and what the last one removed.")
            .Produces<ScavengeView>(StatusCodes.Status200OK);
    }

    private static ScavengeView View(ScavengeStatus status) => new(
        status.Running ? "running" : "idle",
        status.LastRun is { } run ? new ScavengeRunView(run.StartedAt, run.FinishedAt, run.RemovedEvents, run.ReclaimedBytes) : null);
}
