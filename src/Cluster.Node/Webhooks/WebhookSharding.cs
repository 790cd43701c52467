using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Hosting;
using Cluster.Node.Groups;

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
            registry.Register<WebhookRegion>(await GroupSharding.StartRegionAsync(system, resolver, TypeName, ShardingSettings(system), webhooks: true)));

    private static ClusterShardingSettings ShardingSettings(ActorSystem system)
    {
        var sharding = RememberedInJournal.WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
        return ClusterShardingSettings.Create(sharding, system.Settings.Config.GetConfig(sharding.GetString("coordinator-singleton")));
    }
}
