using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Messages.Serialization;
using Xunit.Abstractions;

namespace Messages.Tests;

/// <summary>A type a crafted payload would like a node to create; it records whether it ever was.</summary>
public sealed class CraftedTarget
{
    public static volatile bool Created;

    public CraftedTarget() => Created = true;

    public string? Command { get; set; }
}

/// <summary>
/// What arrives from the network chooses a serializer id and a manifest. Neither may make a node
/// create an object of a type the payload names: the project serializer only knows its own short
/// manifests, and the JSON serializer that would honour <c>$type</c> is replaced.
/// </summary>
public sealed class CraftedPayloadSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "crafted-payload-specs", output)
{
    private static readonly Config Config = ConfigurationFactory
        .ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "serialization.conf")));

    private static readonly string TargetName = typeof(CraftedTarget).AssemblyQualifiedName!;

    [Fact]
    public void A_json_payload_naming_a_type_is_refused_and_creates_nothing()
    {
        CraftedTarget.Created = false;
        var payload = Encoding.UTF8.GetBytes($$"""{"$type":"{{TargetName}}","Command":"rm -rf /"}""");

        Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(payload, 1, TargetName));
        Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(payload, 1, typeof(CraftedTarget)));
        Assert.False(CraftedTarget.Created);
        Assert.IsType<RefusingSerializer>(Sys.Serialization.FindSerializerForType(typeof(object)));
    }

    [Fact]
    public void The_project_serializer_refuses_a_manifest_that_names_a_type()
    {
        CraftedTarget.Created = false;
        var payload = Encoding.UTF8.GetBytes("""{"Command":"x"}""");

        Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(payload, ClusterMessageSerializer.Id, TargetName));
        Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(payload, ClusterMessageSerializer.Id, "System.Diagnostics.Process, System.Diagnostics.Process"));
        Assert.False(CraftedTarget.Created);
    }

    [Fact]
    public void A_message_without_a_binding_is_refused_instead_of_sent_as_json()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new CraftedTarget());
        Assert.IsType<RefusingSerializer>(serializer);
        Assert.Throws<ArgumentException>(() => serializer.ToBinary(new CraftedTarget()));
    }

    [Fact]
    public void Protobuf_payloads_of_the_wrong_shape_are_refused_not_misread()
    {
        var random = new Random(7);
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        foreach (var manifest in SampleMessages.All().Select(serializer.Manifest).Distinct())
        {
            for (var i = 0; i < 200; i++)
            {
                var bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                try
                {
                    var message = serializer.FromBinary(bytes, manifest);
                    Assert.IsAssignableFrom<IClusterMessage>(message); // well-formed by chance: still one of ours
                }
                catch (Exception e) when (e is SerializationException or Google.Protobuf.InvalidProtocolBufferException or ArgumentException or FormatException or OverflowException)
                {
                    // refused: fine
                }
            }
        }
    }
}
