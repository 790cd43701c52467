using Akka.Actor;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Messages.Streams;
using Xunit.Abstractions;

namespace Cluster.Node.Tests.Storage;

/// <summary>
/// The SQLite journal through Akka.Persistence itself: what it writes, the plugin's replay and query
/// journal read back; each write is answered as Akka.Persistence expects; a payload that cannot be
/// serialized is rejected alone, a write that fails stops its actor.
/// </summary>
public sealed class SqliteJournalSpecs : SqliteTestKit
{

    public SqliteJournalSpecs(ITestOutputHelper output)
        : base("sqlite-journal-specs", output)
    {
    }

    [Fact]
    public async Task Stored_events_replay_in_order_and_the_query_journal_finds_them_by_tag()
    {
        var writer = Sys.ActorOf(Props.Create(() => new TaggedRecorder("acct-1", TestActor)));
        for (var i = 1; i <= 3; i++)
        {
            writer.Tell(new Tagged(TaggedRecorder.Recorded(), ["ledger"]));
            ExpectMsg<TaggedRecorder.Persisted>(Patience);
        }

        Watch(writer);
        writer.Tell(PoisonPill.Instance);
        ExpectTerminated(writer, Patience);

        var replayed = Sys.ActorOf(Props.Create(() => new TaggedRecorder("acct-1", TestActor)));
        Assert.Equal([1L, 2L, 3L], ExpectMsg<TaggedRecorder.Recovered>(Patience).Versions);

        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var byTag = await journal.CurrentEventsByTag("ledger", Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer())
            .WaitAsync(Patience);
        Assert.Equal([1L, 2L, 3L], byTag.Select(e => e.SequenceNr));
        Assert.All(byTag, e => Assert.IsType<EventRecorded>(e.Event));
        Assert.Equal(3, Database.Scalar("SELECT COUNT(*) FROM journal WHERE tags = ';ledger;'"));
        Sys.Stop(replayed);
    }

    [Fact]
    public void A_payload_without_a_serializer_is_rejected_alone_and_the_actor_goes_on()
    {
        var writer = Sys.ActorOf(Props.Create(() => new TaggedRecorder("acct-2", TestActor)));
        writer.Tell(new NotSerializable());
        ExpectMsg<TaggedRecorder.Rejected>(Patience);
        writer.Tell(TaggedRecorder.Recorded());
        Assert.Equal(2, ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr); // the rejected event used sequence number 1
        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'acct-2' AND tags = ''")); // untagged: empty, not NULL
    }

    // The journal answers writes itself, not through Akka.Persistence's resequencer: each event's
    // answer must still reach the actor in order and carry the sender the event was persisted with,
    // and a deferred message must come after the events persisted before it.
    [Fact]
    public void A_batch_and_a_deferred_message_are_answered_in_order_each_to_its_sender()
    {
        var writer = Sys.ActorOf(Props.Create(() => new TaggedRecorder("order-1", TestActor)));
        var client = CreateTestProbe();
        writer.Tell(new TaggedRecorder.Batch([TaggedRecorder.Recorded(), TaggedRecorder.Recorded(), TaggedRecorder.Recorded()], "after the batch"), client.Ref);
        Assert.Equal(1, client.ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr);
        Assert.Equal(2, client.ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr);
        Assert.Equal(3, client.ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr);
        client.ExpectMsg("after the batch", Patience);
        Assert.Equal(3, Database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'order-1'"));
    }

    // Two writers of one stream (a node thought dead and its successor): the second one's write
    // takes a sequence number already stored, fails, and its actor stops; nothing of it is stored.
    [Fact]
    public void A_write_that_fails_stops_its_actor_with_the_cause_and_stores_nothing()
    {
        var first = Sys.ActorOf(Props.Create(() => new TaggedRecorder("twice-1", TestActor)));
        first.Tell(TaggedRecorder.Recorded());
        ExpectMsg<TaggedRecorder.Persisted>(Patience);
        var second = Sys.ActorOf(Props.Create(() => new TaggedRecorder("twice-1", TestActor)));
        Assert.Equal([1L], ExpectMsg<TaggedRecorder.Recovered>(Patience).Versions);
        first.Tell(TaggedRecorder.Recorded());
        Assert.Equal(2, ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr);

        Watch(second);
        second.Tell(TaggedRecorder.Recorded());
        var failed = ExpectMsg<TaggedRecorder.Failed>(Patience);
        Assert.Equal(2, failed.SequenceNr);
        Assert.Contains("UNIQUE", failed.Reason, StringComparison.Ordinal);
        ExpectTerminated(second, Patience);
        Assert.Equal(2, Database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'twice-1'"));
    }

    // Akka replaces the system's Serialization whenever an extension adds its settings (sharding
    // does on start). A journal that kept the one from before refused sharding's remembered
    // entities, which left a webhook unanswered for good.
    [Fact]
    public async Task A_payload_bound_by_settings_added_after_the_journal_started_is_stored_and_read_back_with_that_binding()
    {
        var writer = Sys.ActorOf(Props.Create(() => new TaggedRecorder("late-1", TestActor)));
        writer.Tell(TaggedRecorder.Recorded());
        ExpectMsg<TaggedRecorder.Persisted>(Patience);
        Assert.Single(await Reader.ReadJournalAsync("late-1", CancellationToken.None)); // the reader runs before the binding exists, too

        Sys.Settings.InjectTopLevelFallback(LateBoundSerializer.Settings);

        writer.Tell(new LateBound("after"));
        Assert.Equal(2, ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr);
        Assert.Equal(LateBoundSerializer.Id, Database.Scalar("SELECT identifier FROM journal WHERE persistence_id = 'late-1' AND sequence_number = 2"));
        writer.Tell(new LateBound("")); // no bytes at all: stored as an empty blob, not NULL
        Assert.Equal(3, ExpectMsg<TaggedRecorder.Persisted>(Patience).SequenceNr);
        Assert.Equal(0, Database.Scalar("SELECT length(message) FROM journal WHERE persistence_id = 'late-1' AND sequence_number = 3 AND message IS NOT NULL"));
        var stored = await Reader.ReadJournalAsync("late-1", CancellationToken.None);
        Assert.Equal([new LateBound("after"), new LateBound("")], stored.Skip(1));
    }


    private sealed class NotSerializable;
}
