using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Security;
using Cluster.Gateway.Stats;
using Cluster.Gateway.Subscriptions;
using Cluster.Node.Membership;
using Cluster.Node.Streams;
using Messages.Streams;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// <c>GET /dashboard/stream</c>: an SSE stream of one snapshot a second (members and their shards,
/// the rate of all events, the busiest topics, groups and webhooks). With API keys, a snapshot holds
/// only what the signed-in key may see: the cluster with <c>admin</c> on <c>*</c>, <c>$all</c>'s rate
/// with a <c>*</c> key, the topics it may subscribe to, the groups and webhooks whose status it may
/// read, each marked with whether the key may replay its parked events.
/// </summary>
internal static class DashboardFeed
{
    private static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClusterRefresh = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(HttpContext context, ActorSystem system, IRequiredActor<StreamRegion> region, TopicStats stats, GroupDirectory groups)
    {
        var ct = context.RequestAborted;
        var writer = new EventStreamWriter(context.Response);
        var seesCluster = ApiKeyMiddleware.Allows(context, Right.Admin, null);
        var seesAll = ApiKeyMiddleware.Allows(context, Right.Subscribe, StreamNames.AllTopic);
        ClusterView? cluster = null;
        var clusterAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(SnapshotInterval);
        try
        {
            await writer.StartAsync(ct);
            do
            {
                if (seesCluster && DateTimeOffset.UtcNow - clusterAt >= ClusterRefresh)
                {
                    cluster = await ClusterEndpoints.ReadAsync(system, region.ActorRef, ct);
                    clusterAt = DateTimeOffset.UtcNow;
                }

                var snapshot = new
                {
                    at = DateTimeOffset.UtcNow,
                    cluster,
                    all = seesAll ? stats.Query(StreamNames.AllTopic, 60) : null,
                    topics = stats.Busiest(60, 12, topic => ApiKeyMiddleware.Allows(context, Right.Subscribe, topic)),
                    groups = groups.List()
                        .Where(g => ApiKeyMiddleware.Allows(context, KindOf(g.Kind).ReadRight, g.Topic))
                        .Select(g => new { g.Kind, g.Topic, g.Name, g.Lag, g.InFlight, g.Parked, g.Members, g.Node, canReplay = ApiKeyMiddleware.Allows(context, Right.Admin, g.Topic) }),
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

    private static ConsumerKind KindOf(string kind) => kind == "webhook" ? ConsumerKind.Webhook : ConsumerKind.Group;
}
