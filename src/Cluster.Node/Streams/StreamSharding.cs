using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Cluster.Node.Commits;

namespace Cluster.Node.Streams;

/// <summary>Registry key of the stream shard region (or its proxy on a gateway-only process).</summary>
public sealed class StreamRegion;

/// <summary>Registry key of the commit announcer.</summary>
public sealed class CommitAnnouncerKey;

/// <summary>Wiring of stream entities under Cluster.Sharding, shared by the hosts and the tests.</summary>
public static class StreamSharding
{
    public const string TypeName = "streams";

    public static AkkaConfigurationBuilder WithStreamShards(this AkkaConfigurationBuilder builder) =>
        builder.WithActors(async (system, registry) =>
        {
            var announcer = system.ActorOf(Props.Create<CommitAnnouncer>(), "commit-announcer");
            registry.Register<CommitAnnouncerKey>(announcer);

            var settings = StreamEntitySettings.From(system.Settings.Config);
            var shardCount = system.Settings.Config.GetInt("event-cluster.sharding.shard-count");
            var region = await ClusterSharding.Get(system).StartAsync(
                TypeName,
                stream => StreamEntity.Props(stream, settings, announcer),
                ClusterShardingSettings.Create(system),
                new StreamMessageExtractor(shardCount));
            registry.Register<StreamRegion>(region);
        });

    /// <summary>For a process without the <c>node</c> role: a proxy that forwards to the regions on node members.</summary>
    public static AkkaConfigurationBuilder WithStreamShardProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithActors(async (system, registry) =>
        {
            var shardCount = system.Settings.Config.GetInt("event-cluster.sharding.shard-count");
            var proxy = await ClusterSharding.Get(system).StartProxyAsync(TypeName, NodeRole, new StreamMessageExtractor(shardCount));
            registry.Register<StreamRegion>(proxy);
        });

    /// <summary>The role of the members that host stream entities and the journal.</summary>
    public const string NodeRole = "node";
}
