using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;
using Akka.Discovery;
using Akka.Management.Dsl;
using Akka.Management.Cluster.Bootstrap;
using Akka.Persistence;
using Akka.Streams;

namespace Cluster.Node.Hosting;

/// <summary>
/// The default settings of every Akka extension a node starts after its ActorSystem, given to the
/// system when it is created, below the project's HOCON.
/// Why: an extension adds its settings when it starts, and Akka then replaces the system's
/// Serialization with one built from the new settings. Whatever kept an earlier one (the
/// persistence plugin's journal and snapshot store keep theirs) would miss the serializers and
/// bindings added later: a journal started before sharding refused sharding's remembered entities
/// and left webhooks unanswered. With every extension's settings there from the start, each
/// Serialization the system ever has binds the same types the same way.
/// </summary>
public static class ExtensionSettings
{
    public static Config Defaults { get; } = new[]
    {
        Persistence.DefaultConfig(),
        ClusterSharding.DefaultConfig(),
        ClusterSingleton.DefaultConfig(),
        DistributedData.DefaultConfig(),
        DistributedPubSub.DefaultConfig(),
        ActorMaterializer.DefaultConfig(),
        AkkaManagementProvider.DefaultConfiguration(),
        ClusterBootstrap.DefaultConfiguration(),
        DiscoveryProvider.DefaultConfiguration(),
    }.Aggregate((all, next) => all.WithFallback(next));
}
