using Akka.Actor;
using Akka.Persistence;
using Cluster.Node.Storage;
using Messages.Streams;
using Xunit.Abstractions;

namespace Cluster.Node.Tests.Storage;

/// <summary>
/// The SQLite snapshot store through Akka.Persistence itself: saves and deletes are committed by the
/// journal's writer, and what they leave is what the plugin's loads (and so a recovering actor) find.
/// </summary>
public sealed class SqliteSnapshotStoreSpecs : SqliteTestKit
{
    public SqliteSnapshotStoreSpecs(ITestOutputHelper output)
        : base("sqlite-snapshot-store-specs", output)
    {
    }

    [Fact]
    public void Saves_and_deletes_go_through_the_journal_writer_and_the_plugin_loads_what_they_left()
    {
        var taker = Sys.ActorOf(Props.Create(() => new SnapshotTaker("acct-1", TestActor)));
        Record(taker, 3);
        var firstIds = new[] { Guid.NewGuid(), Guid.NewGuid() };
        taker.Tell(new SnapshotTaker.Save(new StreamSnapshot(3, firstIds)));
        Assert.Equal(3, ExpectMsg<SaveSnapshotSuccess>(Patience).Metadata.SequenceNr);

        var writer = SqliteWriterRegistry.Get(Sys).For(Database.ConnectionString);
        Assert.NotNull(writer);
        Assert.Equal(1, writer.ChangesCommitted);
        var loaded = Snapshot("acct-1");
        Assert.Equal(3, loaded!.Metadata.SequenceNr);
        var state = Assert.IsType<StreamSnapshot>(loaded.Snapshot);
        Assert.Equal(3, state.Version);
        Assert.Equal(firstIds, state.RecentEventIds);

        Record(taker, 2);
        taker.Tell(new SnapshotTaker.Save(new StreamSnapshot(5, [])));
        ExpectMsg<SaveSnapshotSuccess>(Patience);
        taker.Tell(new SnapshotTaker.DeleteUpTo(4));
        ExpectMsg<DeleteSnapshotsSuccess>(Patience);
        Assert.Equal(3, writer.ChangesCommitted);
        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'acct-1'"));
        Assert.Null(Snapshot("acct-1", maxSequenceNr: 4));

        Stop(taker);
        var recovered = Sys.ActorOf(Props.Create(() => new SnapshotTaker("acct-1", TestActor)));
        var offer = ExpectMsg<SnapshotOffer>(Patience);
        Assert.Equal(5, offer.Metadata.SequenceNr);
        Assert.Equal(5, Assert.IsType<StreamSnapshot>(offer.Snapshot).Version);

        recovered.Tell(new SnapshotTaker.DeleteOne(5));
        ExpectMsg<DeleteSnapshotSuccess>(Patience);
        Assert.Equal(4, writer.ChangesCommitted);
        Assert.Null(Snapshot("acct-1"));
    }

    [Fact]
    public void A_snapshot_that_cannot_be_serialized_fails_alone_and_the_actor_goes_on()
    {
        var taker = Sys.ActorOf(Props.Create(() => new SnapshotTaker("acct-2", TestActor)));
        Record(taker, 1);
        taker.Tell(new SnapshotTaker.Save(new NotSerializable()));
        ExpectMsg<SaveSnapshotFailure>(Patience);

        Record(taker, 1);
        taker.Tell(new SnapshotTaker.Save(new StreamSnapshot(2, [])));
        Assert.Equal(2, ExpectMsg<SaveSnapshotSuccess>(Patience).Metadata.SequenceNr);
        Assert.Equal(2, Snapshot("acct-2")!.Metadata.SequenceNr);
        Assert.Equal(1, Database.Scalar("SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'acct-2'"));
    }

    private void Record(IActorRef taker, int events)
    {
        for (var i = 0; i < events; i++)
        {
            taker.Tell(new SnapshotTaker.Record());
            ExpectMsg<TaggedRecorder.Persisted>(Patience);
        }
    }

    private sealed class NotSerializable;
}
