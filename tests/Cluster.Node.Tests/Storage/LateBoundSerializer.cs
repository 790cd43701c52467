using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Cluster.Node.Tests.Storage;

/// <summary>A payload whose only serializer binding arrives after the system started, the way an extension's (sharding's, say) does.</summary>
internal sealed record LateBound(string Text);

/// <summary>The serializer of <see cref="LateBound"/>, bound by <see cref="Settings"/> only.</summary>
internal sealed class LateBoundSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 9901;

    /// <summary>What an extension would add on start: the serializer and its binding.</summary>
    public static readonly Config Settings = ConfigurationFactory.ParseString(
        $$"""
        akka.actor {
          serializers.late-bound = "{{typeof(LateBoundSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(LateBound).AssemblyQualifiedName}}" = late-bound }
          serialization-identifiers { "{{typeof(LateBoundSerializer).AssemblyQualifiedName}}" = {{Id}} }
        }
        """);

    public override int Identifier => Id;

    public override string Manifest(object o) => "L";

    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(((LateBound)obj).Text);

    public override object FromBinary(byte[] bytes, string manifest) => new LateBound(Encoding.UTF8.GetString(bytes));
}
