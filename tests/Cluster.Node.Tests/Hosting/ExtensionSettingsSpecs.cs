using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;
using Akka.Discovery;
using Akka.Management.Cluster.Bootstrap;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Streams;
using Cluster.Node.Hosting;

namespace Cluster.Node.Tests.Hosting;

/// <summary>
/// A node's ActorSystem is created with the settings of every extension it starts later
/// (<see cref="ExtensionSettings"/>): the Serialization it begins with, which the persistence
/// plugin keeps, already binds every message type those extensions bind when they start.
/// </summary>
public sealed class ExtensionSettingsSpecs
{
    [Fact]
    public async Task The_first_serialization_binds_what_the_extensions_started_later_bind()
    {
        var config = ConfigurationFactory.ParseString("""
                akka.remote.dot-netty.tcp.hostname = 127.0.0.1
                akka.remote.dot-netty.tcp.port = 0
                akka.loglevel = WARNING
                """)
            .WithFallback(HoconFiles.Load())
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(ExtensionSettings.Defaults);
        var system = (ExtendedActorSystem)ActorSystem.Create("extension-settings-specs", config);
        try
        {
            var first = system.Serialization;

            _ = Persistence.Instance.Apply(system);
            _ = ClusterSharding.Get(system);
            _ = ClusterSingleton.Get(system);
            _ = DistributedData.Get(system);
            _ = DistributedPubSub.Get(system);
            _ = system.Materializer();
            _ = Discovery.Get(system);
            _ = ClusterBootstrap.Get(system);

            var bound = system.Settings.Config.GetConfig("akka.actor.serialization-bindings").AsEnumerable()
                .Select(binding => Type.GetType(binding.Key.Trim('"')))
                .OfType<Type>()
                .ToList();
            Assert.Contains(typeof(IClusterShardingSerializable), bound);
            Assert.All(bound, type => Assert.Equal(
                system.Serialization.FindSerializerForType(type).Identifier,
                first.FindSerializerForType(type).Identifier));
        }
        finally
        {
            await system.Terminate();
        }
    }
}
