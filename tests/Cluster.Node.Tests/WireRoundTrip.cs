using Akka.Actor;
using Messages.Serialization;

namespace Cluster.Node.Tests;

/// <summary>
/// Passes a message through the project serializer and back, as crossing a process would: specs
/// send and receive what survives it (and fail if the message is not bound to the serializer).
/// </summary>
public static class WireRoundTrip
{
    public static object Of(ActorSystem system, object message)
    {
        var serializer = system.Serialization.FindSerializerFor(message);
        Assert.IsType<ClusterMessageSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }
}
