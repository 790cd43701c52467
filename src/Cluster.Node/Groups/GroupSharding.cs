using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DependencyInjection;
using Akka.Hosting;
using Cluster.Node.Reads;
using Cluster.Node.Streams;
using Messages.Groups;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Node.Groups;

/// <summary>Registry key of the consumer group shard region (or its proxy on a gateway-only process).</summary>
public sealed class GroupRegion;

/// <summary>Routes every <see cref="IGroupCommand"/> to the entity of its topic and group, over a constant shard count.</summary>
public sealed class GroupMessageExtractor(int shardCount) : HashCodeMessageExtractor(shardCount)
{
    public override string? EntityId(object message) => message is IGroupCommand c ? EntityIdOf(c.Topic, c.Group) : null;

    /// <summary>Topic and group names cannot contain '/', so the pair splits back unambiguously.</summary>
    public static string EntityIdOf(string topic, string group) => $"{topic}/{group}";
}

/// <summary>Wiring of consumer group entities under Cluster.Sharding, next to the stream entities.</summary>
public static class GroupSharding
{
    public const string TypeName = "groups";

    public static AkkaConfigurationBuilder WithGroupRegion(this AkkaConfigurationBuilder builder) =>
        builder.WithActors(async (system, registry, resolver) =>
        {
            var extractor = new GroupMessageExtractor(system.Settings.Config.GetInt("event-cluster.sharding.shard-count"));
            IActorRef region;
            if (StreamSharding.HostsStreams(system))
            {
                var reader = resolver.GetService<JournalReader>();
                var settings = resolver.GetService<GroupEntitySettings>();
                var commits = DistributedPubSub.Get(system).Mediator;
                region = await ClusterSharding.Get(system).StartAsync(
                    TypeName,
                    entityId =>
                    {
                        var slash = entityId.IndexOf('/', StringComparison.Ordinal);
                        return GroupEntity.Props(entityId[..slash], entityId[(slash + 1)..], reader, settings, commits);
                    },
                    ClusterShardingSettings.Create(system),
                    extractor);
            }
            else
            {
                region = await ClusterSharding.Get(system).StartProxyAsync(TypeName, StreamSharding.NodeRole, extractor);
            }

            registry.Register<GroupRegion>(region);
        });
}
