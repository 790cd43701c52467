using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting;
using Cluster.Node.Groups;
using Cluster.Node.Reads;
using Cluster.Node.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Node.Webhooks;

/// <summary>Registry key of the webhook shard region (or its proxy on a gateway-only process).</summary>
public sealed class WebhookRegion;

/// <summary>
/// Webhooks are group entities in a shard region of their own, with remembered entities: unlike a
/// consumer group, which runs while members are connected, a webhook must run with nobody asking,
/// and come back on another node after a failure or a restart of the cluster. The remembered set
/// is kept in the journal (event-sourced store), so it survives a full restart; a webhook leaves it
/// when deleted (the entity passivates itself).
/// </summary>
public static class WebhookSharding
{
    public const string TypeName = "webhooks";

    private static readonly Config RememberedInJournal = ConfigurationFactory.ParseString(
        """
        remember-entities = on
        remember-entities-store = eventsourced
        """);

    public static AkkaConfigurationBuilder WithWebhookRegion(this AkkaConfigurationBuilder builder) =>
        builder.WithActors(async (system, registry, resolver) =>
        {
            var extractor = new GroupMessageExtractor(system.Settings.Config.GetInt("event-cluster.sharding.shard-count"));
            IActorRef region;
            if (StreamSharding.HostsStreams(system))
            {
                var reader = resolver.GetService<JournalReader>();
                var settings = resolver.GetService<GroupEntitySettings>();
                var webhooks = resolver.GetService<WebhookServices>();
                var commits = DistributedPubSub.Get(system).Mediator;
                region = await ClusterSharding.Get(system).StartAsync(
                    TypeName,
                    entityId =>
                    {
                        var slash = entityId.IndexOf('/', StringComparison.Ordinal);
                        return GroupEntity.Props(entityId[..slash], entityId[(slash + 1)..], reader, settings, commits, webhooks);
                    },
                    ShardingSettings(system),
                    extractor);
            }
            else
            {
                region = await ClusterSharding.Get(system).StartProxyAsync(TypeName, StreamSharding.NodeRole, extractor);
            }

            registry.Register<WebhookRegion>(region);
        });

    private static ClusterShardingSettings ShardingSettings(ActorSystem system)
    {
        var sharding = RememberedInJournal.WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
        return ClusterShardingSettings.Create(sharding, system.Settings.Config.GetConfig(sharding.GetString("coordinator-singleton")));
    }
}
