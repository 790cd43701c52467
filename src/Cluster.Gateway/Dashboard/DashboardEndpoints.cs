using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Gateway.Subscriptions;
using Cluster.Node.Membership;
using Cluster.Node.Reads;
using Cluster.Gateway.Stats;
using Cluster.Node.Streams;
using Messages.Streams;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// The dashboard: <c>GET /</c> serves the static page (wwwroot, no build step); the page listens to
/// <c>GET /dashboard/stream</c>, an SSE stream of one snapshot a second (members, shards, the
/// busiest topics' rates, groups and webhooks), and tails a topic through the public
/// <c>/topics/{topic}/subscribe</c>, starting at <c>GET /dashboard/topics/{topic}/head</c>.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClusterRefresh = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Revalidate on every load, so a new build's page is never mixed with an old script.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapGet("/dashboard/stream", StreamAsync).Requires(Right.Admin, TopicFrom.Cluster)
            .WithTags("Dashboard")
            .WithSummary("The dashboard's feed: one snapshot event per second (cluster, rates, busiest topics, groups).")
            .Produces<string>(StatusCodes.Status200OK, ApiMediaTypes.EventStream);
        app.MapGet("/dashboard/topics/{topic}/head", async (string topic, JournalReader journal, CancellationToken ct) =>
            StreamNames.IsValidTopic(topic)
                ? Results.Ok(new TopicHead(topic, await journal.TopicHeadAsync(topic, ct)))
                : Problems.InvalidTopic()).Requires(Right.Admin, TopicFrom.Cluster)
            .WithTags("Dashboard")
            .WithSummary("The offset of a topic's newest event, where the dashboard's live view starts.")
            .Produces<TopicHead>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task StreamAsync(HttpContext context, ActorSystem system, IRequiredActor<StreamRegion> region, TopicStats stats, GroupDirectory groups)
    {
        var ct = context.RequestAborted;
        var writer = new EventStreamWriter(context.Response);
        ClusterView? cluster = null;
        var clusterAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(SnapshotInterval);
        try
        {
            await writer.StartAsync(ct);
            do
            {
                if (DateTimeOffset.UtcNow - clusterAt >= ClusterRefresh)
                {
                    cluster = await ClusterEndpoints.ReadAsync(system, region.ActorRef, ct);
                    clusterAt = DateTimeOffset.UtcNow;
                }

                var snapshot = new
                {
                    at = DateTimeOffset.UtcNow,
                    cluster,
                    all = stats.Query(StreamNames.AllTopic, 60),
                    topics = stats.Busiest(60, 12),
                    groups = groups.List(),
                };
                writer.Add("snapshot", snapshot, Json);
                await writer.FlushAsync(ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
