using Akka.Actor;
using Akka.Configuration;
using Messages.Serialization;
using Xunit.Abstractions;

namespace Messages.Tests;

public sealed class SerializerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "serializer-specs", output)
{
    private static readonly Config Config = ConfigurationFactory
        .ParseString("akka.actor.serialize-messages = on")
        .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "serialization.conf"))));

    public static TheoryData<string> MessageNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Named())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Every_message_round_trips_through_the_project_serializer(string name)
    {
        var message = Named(TestActor).Single(m => m.Name == name).Message;
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ClusterMessageSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        MessageEquality.AssertSame(message, back);
    }

    [Fact]
    public void Every_message_type_has_a_round_trip_sample()
    {
        var sampled = SampleMessages.All().Select(m => m.GetType()).ToHashSet();
        var declared = typeof(IClusterMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IClusterMessage).IsAssignableFrom(t));
        Assert.All(declared, type => Assert.Contains(type, sampled));
    }

    [Fact]
    public void Project_messages_are_bound_to_the_project_serializer_and_never_to_json()
    {
        foreach (var message in SampleMessages.All())
        {
            var serializer = Sys.Serialization.FindSerializerFor(message);
            Assert.Equal(ClusterMessageSerializer.Id, serializer.Identifier);
            Assert.DoesNotContain("Newtonsoft", serializer.GetType().FullName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Manifests_are_distinct_per_type()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var manifests = SampleMessages.All().GroupBy(m => m.GetType()).Select(g => serializer.Manifest(g.First())).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
    }

    [Fact]
    public void A_message_sent_between_actors_is_serialized_on_the_way()
    {
        // serialize-messages = on makes every Tell go through the serializer, as across a process.
        var message = SampleMessages.All().First();
        TestActor.Tell(message);
        var received = ExpectMsg<Streams.AppendEvents>();
        MessageEquality.AssertSame(message, received);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 99)]
    public void A_group_definition_with_an_undeclared_enum_value_is_refused(int startFrom, int ordering)
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var crafted = new Wire.GroupDefined
        {
            Topic = "acct",
            Group = "g",
            Definition = new Wire.GroupDefinition { StartFrom = startFrom, AckTimeoutSeconds = 30, MaxDeliveries = 5, Ordering = ordering },
        };

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            serializer.FromBinary(Google.Protobuf.MessageExtensions.ToByteArray(crafted), "GD"));
    }

    [Fact]
    public void A_stored_event_is_read_straight_from_its_bytes_under_its_own_serializer_and_manifest_only()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var recorded = SampleMessages.All().OfType<Streams.EventRecorded>().First();
        var bytes = serializer.ToBinary(recorded);
        var manifest = System.Text.Encoding.UTF8.GetBytes(serializer.Manifest(recorded));

        Assert.True(ClusterMessageSerializer.TryReadEventRecorded(ClusterMessageSerializer.Id, manifest, bytes, out var read));
        MessageEquality.AssertSame(recorded, read);
        Assert.False(ClusterMessageSerializer.TryReadEventRecorded(ClusterMessageSerializer.Id, "SS"u8, bytes, out _));
        Assert.False(ClusterMessageSerializer.TryReadEventRecorded(ClusterMessageSerializer.Id + 1, manifest, bytes, out _));
    }

    private static IEnumerable<(string Name, IClusterMessage Message)> Named(IActorRef? member = null) =>
        SampleMessages.All(member).Select((m, i) => ($"{i:00}-{m.GetType().Name}", m));
}
