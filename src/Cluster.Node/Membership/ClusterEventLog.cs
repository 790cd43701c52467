using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.Node.Membership;

/// <summary>
/// One structured log line per membership change this member sees (up, unreachable, reachable
/// again, leaving, removed, downed) and per leader change, with the member's address, roles and
/// status as fields.
/// </summary>
public sealed class ClusterEventLog : ReceiveActor
{
    public ClusterEventLog(ILogger logger)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ClusterEvent.IMemberEvent>(e => logger.LogInformation(
            "Cluster member {Member} {Change} (status {Status}, roles {Roles}), seen by {Self}",
            e.Member.Address, e.GetType().Name, e.Member.Status, string.Join(",", e.Member.Roles), cluster.SelfAddress));
        Receive<ClusterEvent.UnreachableMember>(e => logger.LogWarning(
            "Cluster member {Member} is unreachable (roles {Roles}), seen by {Self}", e.Member.Address, string.Join(",", e.Member.Roles), cluster.SelfAddress));
        Receive<ClusterEvent.ReachableMember>(e => logger.LogInformation(
            "Cluster member {Member} is reachable again, seen by {Self}", e.Member.Address, cluster.SelfAddress));
        Receive<ClusterEvent.LeaderChanged>(e => logger.LogInformation(
            "Cluster leader is now {Leader}, seen by {Self}", e.Leader?.ToString() ?? "none", cluster.SelfAddress));
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}

public static class ClusterEventLogHosting
{
    public static AkkaConfigurationBuilder WithClusterEventLog(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _, resolver) =>
        {
            var logger = resolver.GetService<ILoggerFactory>().CreateLogger("Cluster.Membership");
            system.ActorOf(Props.Create(() => new ClusterEventLog(logger)), "cluster-event-log");
        });
}
