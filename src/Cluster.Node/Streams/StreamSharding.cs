using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Cluster.Node.Commits;
using Cluster.Node.Storage;

namespace Cluster.Node.Streams;

/// <summary>Registry key of the stream shard region (or its proxy on a gateway-only process).</summary>
public sealed class StreamRegion;

/// <summary>Registry key of the commit announcer.</summary>
public sealed class CommitAnnouncerKey;

/// <summary>Wiring of stream entities under Cluster.Sharding, shared by the hosts and the tests.</summary>
public static class StreamSharding
{
    public const string TypeName = "streams";

    /// <summary>
    /// The shard region on a member with the <c>node</c> role, a proxy to the node members' regions
    /// otherwise; decided from the ActorSystem's effective roles, like everything else role-bound.
    /// </summary>
    public static AkkaConfigurationBuilder WithStreamRegion(this AkkaConfigurationBuilder builder) =>
        builder.WithActors(async (system, registry, resolver) =>
        {
            var region = HostsStreams(system)
                ? await StartRegionAsync(system, registry, resolver.GetService<StreamLifecycleTable>())
                : await ClusterSharding.Get(system).StartProxyAsync(TypeName, NodeRole, Extractor(system));
            registry.Register<StreamRegion>(region);
        });

    /// <summary>Whether this member hosts stream entities and the journal.</summary>
    public static bool HostsStreams(ActorSystem system) =>
        system.Settings.Config.GetStringList("akka.cluster.roles").Contains(NodeRole);

    private static async Task<IActorRef> StartRegionAsync(ActorSystem system, IActorRegistry registry, StreamLifecycleTable lifecycle)
    {
        var announcer = system.ActorOf(Props.Create<CommitAnnouncer>(), CommitAnnouncer.ActorName);
        registry.Register<CommitAnnouncerKey>(announcer);

        var settings = StreamEntitySettings.From(system.Settings.Config);
        var activeStreams = StartActiveStreams(system, settings);
        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system);

        // Sharding stops entities with this message when they idle out, when the memory budget
        // passivates them and when their shard is handed off: StopStream lets an entity answer the
        // appends it already holds first, where the default PoisonPill would drop a write in flight.
        return await sharding.StartAsync(
            TypeName,
            stream => StreamEntity.Props(stream, settings, announcer, lifecycle, activeStreams),
            shardingSettings,
            Extractor(system),
            sharding.DefaultShardAllocationStrategy(shardingSettings),
            StreamEntity.StopStream.Instance);
    }

    /// <summary>The node's live stream entities and the sweep that keeps them within <c>entity-memory-budget</c>.</summary>
    private static ActiveStreams StartActiveStreams(ActorSystem system, StreamEntitySettings settings)
    {
        var activeStreams = new ActiveStreams(settings.EntityMemoryBudget);
        system.ActorOf(ActiveStreamsSweeper.Props(activeStreams, settings.EntityMemoryCheckInterval), ActiveStreamsSweeper.ActorName);
        return activeStreams;
    }

    private static StreamMessageExtractor Extractor(ActorSystem system) =>
        new(system.Settings.Config.GetInt("event-cluster.sharding.shard-count"));

    /// <summary>The role of the members that host stream entities and the journal.</summary>
    public const string NodeRole = "node";
}
