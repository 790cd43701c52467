using Akka.Actor;
using Akka.Serialization;
using Cluster.Node.Streams;
using Messages.Serialization;
using Messages.Streams;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Reads;

/// <summary>Event reads over SQLite, which step through the rows with SQLitePCLRaw (<c>SqliteEventRows</c>).</summary>
public sealed class JournalReaderSpecs(ITestOutputHelper output)
    : SqliteTestKit("journal-reader-specs", output, hocon: ForeignEventSerializer.Settings)
{
    [Fact]
    public void A_topic_read_names_each_events_own_stream_where_streams_interleave()
    {
        var announcements = CreateTestProbe();
        var streams = new[] { "mix-a", "mix-b", "mix-a", "mix-a", "mix-b" };
        var appended = new List<Guid>();
        foreach (var stream in streams)
        {
            var entity = Sys.ActorOf(StreamEntity.Props(stream, StreamEntitySettings.From(Sys.Settings.Config), announcements.Ref, Lifecycle));
            var e = Event();
            entity.Tell(Append(stream, ExpectedVersion.Any, e), TestActor);
            ExpectMsg<EventsAppended>(Patience);
            appended.Add(e.EventId);
            Stop(entity);
        }

        var read = TopicEvents("mix");

        Assert.Equal(streams, read.Select(e => e.Stream));
        Assert.Equal([1L, 1, 2, 3, 2], read.Select(e => e.Sequence));
        Assert.Equal(appended, read.Select(e => e.Event.EventId));
    }

    [Fact]
    public void A_payload_stored_by_another_serializer_is_read_through_Akka_serialization()
    {
        var recorded = new EventRecorded(Guid.NewGuid(), "Deposited", """{"amount":7}"""u8.ToArray(), ReadOnlyMemory<byte>.Empty, EventData.JsonContentType, 1_764_300_000_123);
        var serializer = new ForeignEventSerializer((ExtendedActorSystem)Sys);
        using (var connection = (SqliteConnection)Database.Store.CreateConnection())
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) VALUES (0, 0, 'foreign-1', 1, $message, ';foreign;', $manifest, $identifier)";
            insert.Parameters.AddWithValue("$message", serializer.ToBinary(recorded));
            insert.Parameters.AddWithValue("$manifest", serializer.Manifest(recorded));
            insert.Parameters.AddWithValue("$identifier", serializer.Identifier);
            insert.ExecuteNonQuery();
        }

        var read = Assert.Single(StoredEvents("foreign-1"));

        Assert.Equal((recorded.EventId, recorded.Type, recorded.TimestampUnixMs), (read.Event.EventId, read.Event.Type, read.Event.TimestampUnixMs));
        Assert.Equal(recorded.Data.ToArray(), read.Event.Data.ToArray());
        Assert.Equal("foreign-1", Assert.Single(TopicEvents("foreign")).Stream);
    }

    /// <summary>Stores an <see cref="EventRecorded"/> as the project serializer's bytes behind a marker byte, under its own id and manifest.</summary>
    private sealed class ForeignEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        public static readonly string Settings =
            $$"""
            akka.actor {
              serializers.foreign-event = "{{typeof(ForeignEventSerializer).AssemblyQualifiedName}}"
              serialization-identifiers { "{{typeof(ForeignEventSerializer).AssemblyQualifiedName}}" = 9902 }
            }
            """;

        private readonly ClusterMessageSerializer _inner = new(system);

        public override int Identifier => 9902;

        public override string Manifest(object o) => "wrapped";

        public override byte[] ToBinary(object obj) => [0x57, .. _inner.ToBinary(obj)];

        public override object FromBinary(byte[] bytes, string manifest) => _inner.FromBinary(bytes[1..], _inner.Manifest(new EventRecorded(Guid.Empty, "", default, default, "", 0)));
    }
}
