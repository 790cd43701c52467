using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DependencyInjection;
using Akka.Hosting;
using Cluster.Node.Reads;
using Cluster.Node.Streams;
using Cluster.Node.Webhooks;
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
            registry.Register<GroupRegion>(await StartRegionAsync(system, resolver, TypeName, ClusterShardingSettings.Create(system), webhooks: false)));

    /// <summary>
    /// Starts a region of group entities on a node (a proxy elsewhere): consumer groups, or with
    /// <paramref name="webhooks"/> the webhooks' entities.
    /// </summary>
    internal static async Task<IActorRef> StartRegionAsync(ActorSystem system, IDependencyResolver resolver, string typeName, ClusterShardingSettings settings, bool webhooks)
    {
        var extractor = new GroupMessageExtractor(system.Settings.Config.GetInt("event-cluster.sharding.shard-count"));
        if (!StreamSharding.HostsStreams(system))
        {
            return await ClusterSharding.Get(system).StartProxyAsync(typeName, StreamSharding.NodeRole, extractor);
        }

        var reader = resolver.GetService<JournalReader>();
        var entitySettings = resolver.GetService<GroupEntitySettings>();
        var webhookServices = webhooks ? resolver.GetService<WebhookServices>() : null;
        var commits = DistributedPubSub.Get(system).Mediator;
        return await ClusterSharding.Get(system).StartAsync(
            typeName,
            entityId =>
            {
                var slash = entityId.IndexOf('/', StringComparison.Ordinal);
                return GroupEntity.Props(entityId[..slash], entityId[(slash + 1)..], reader, entitySettings, commits, webhookServices);
            },
            settings,
            extractor);
    }
}
