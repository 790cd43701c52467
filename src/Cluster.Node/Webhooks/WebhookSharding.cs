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

    // The shard reads and writes its remembered set through the journal. Sharding's defaults give
    // that 2 s (read) and 5 s (write); a slower answer restarts the shard after a 10 s back-off and
    // drops, without a dead letter, the messages it held for the starting entity (akka.net#8572).
    // On a loaded machine a fresh gateway's first webhook PUT then went unanswered for 30-50 s. A
    // slow journal should make the webhook wait, not restart it; past its own timeout the gateway
    // still answers 504, and the client's retry of the same definition finds it stored.
    private static readonly Config RememberedInJournal = ConfigurationFactory.ParseString(
        """
        remember-entities = on
        remember-entities-store = eventsourced
        waiting-for-state-timeout = 30s
        updating-state-timeout = 30s
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
