using Akka.Actor;
using Akka.TestKit;
using Cluster.Node.Streams;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Streams;

/// <summary>The stream entity against a real SQLite journal, with every message serialized.</summary>
public sealed class StreamEntitySpecs : SqliteTestKit
{
    private const int SnapshotEvery = 5;
    private readonly TestProbe _announcements;

    public StreamEntitySpecs(ITestOutputHelper output)
        : base("stream-entity-specs", output, SnapshotEvery)
    {
        _announcements = CreateTestProbe();
    }

    private IActorRef Entity(string stream) =>
        Sys.ActorOf(StreamEntity.Props(stream, StreamEntitySettings.From(Sys.Settings.Config), _announcements.Ref, Lifecycle));

    private T Send<T>(IActorRef entity, AppendEvents command)
    {
        // Both directions cross a process in the cluster: send what survives the project serializer.
        entity.Tell(RoundTrip(command), TestActor);
        return (T)RoundTrip(ExpectMsg<T>(Patience)!);
    }

    [Fact]
    public void Append_is_acknowledged_after_the_commit_and_announced()
    {
        var entity = Entity("acct-1");
        var appended = Send<EventsAppended>(entity, Append("acct-1", ExpectedVersion.NoStream, Events(3)));

        Assert.Equal((1L, 3L), (appended.FirstSequence, appended.LastSequence));
        Assert.Equal([1L, 2, 3], StoredEvents("acct-1").Select(e => e.Sequence));
        Assert.Equal(3, TopicEvents("acct").Count(e => e.Stream == "acct-1")); // tagged with its topic
        var announced = _announcements.ExpectMsg<StreamCommitted>(Patience);
        Assert.Equal(("acct-1", "acct", 3L), (announced.Stream, announced.Topic, announced.LastSequence));
        Assert.Equal(3, announced.Types.Count);
    }

    [Fact]
    public void Each_expected_version_form_is_enforced()
    {
        var entity = Entity("acct-2");
        Send<EventsAppended>(entity, Append("acct-2", ExpectedVersion.NoStream, Event()));
        Assert.Equal(1, Send<WrongExpectedVersion>(entity, Append("acct-2", ExpectedVersion.NoStream, Event())).CurrentVersion);
        Send<EventsAppended>(entity, Append("acct-2", ExpectedVersion.StreamExists, Event()));
        Send<EventsAppended>(entity, Append("acct-2", ExpectedVersion.Exactly(2), Event()));
        Assert.Equal(3, Send<WrongExpectedVersion>(entity, Append("acct-2", ExpectedVersion.Exactly(2), Event())).CurrentVersion);
        Send<EventsAppended>(entity, Append("acct-2", ExpectedVersion.Any, Event()));

        Assert.Equal(4, StoredEvents("acct-2").Count);
        Assert.Equal(0, Send<WrongExpectedVersion>(Entity("acct-empty"), Append("acct-empty", ExpectedVersion.StreamExists, Event())).CurrentVersion);
    }

    [Fact]
    public void Replaying_a_stored_batch_stores_nothing_and_returns_the_original_sequences()
    {
        var entity = Entity("acct-3");
        var batch = Events(2);
        Send<EventsAppended>(entity, Append("acct-3", ExpectedVersion.Any, Event()));
        Send<EventsAppended>(entity, Append("acct-3", ExpectedVersion.Any, batch));

        var replay = Send<AppendDeduplicated>(entity, Append("acct-3", ExpectedVersion.Exactly(1), batch));

        Assert.Equal((2L, 3L), (replay.FirstSequence, replay.LastSequence));
        Assert.Equal(3, StoredEvents("acct-3").Count);
    }

    [Fact]
    public void A_mixed_batch_is_refused_and_stores_nothing()
    {
        var entity = Entity("acct-4");
        var stored = Event();
        Send<EventsAppended>(entity, Append("acct-4", ExpectedVersion.Any, stored));

        var rejected = Send<AppendRejected>(entity, Append("acct-4", ExpectedVersion.Any, stored, Event()));

        Assert.Equal(1, rejected.CurrentVersion);
        Assert.Equal([stored.EventId], StoredEvents("acct-4").Select(e => e.Event.EventId));
    }

    [Fact]
    public void A_refused_append_to_a_new_stream_creates_nothing()
    {
        Send<WrongExpectedVersion>(Entity("acct-none"), Append("acct-none", ExpectedVersion.Exactly(3), Event()));
        Assert.Empty(StoredEvents("acct-none"));
    }

    [Fact]
    public void Recovery_without_a_snapshot_restores_version_and_ids()
    {
        var entity = Entity("acct-5");
        var batch = Events(3);
        Send<EventsAppended>(entity, Append("acct-5", ExpectedVersion.Any, batch));
        Stop(entity);
        Assert.Null(Snapshot("acct-5"));

        var recovered = Entity("acct-5");
        Assert.Equal((1L, 3L), Sequences(Send<AppendDeduplicated>(recovered, Append("acct-5", ExpectedVersion.Any, batch))));
        Assert.Equal(4, Send<EventsAppended>(recovered, Append("acct-5", ExpectedVersion.Exactly(3), Event())).FirstSequence);
    }

    [Fact]
    public void Recovery_from_a_snapshot_restores_version_and_ids()
    {
        var entity = Entity("acct-6");
        var early = Events(4);
        Send<EventsAppended>(entity, Append("acct-6", ExpectedVersion.Any, early));
        var late = Events(3);
        Send<EventsAppended>(entity, Append("acct-6", ExpectedVersion.Any, late));

        // 7 events with snapshot-every = 5: one snapshot at version 7 (written after the reply).
        AwaitCondition(() => Snapshot("acct-6") is not null, Patience);
        Assert.Equal(7, Snapshot("acct-6")!.Metadata.SequenceNr);
        Stop(entity);

        var recovered = Entity("acct-6");
        Assert.Equal((1L, 4L), Sequences(Send<AppendDeduplicated>(recovered, Append("acct-6", ExpectedVersion.Any, early))));
        Assert.Equal((5L, 7L), Sequences(Send<AppendDeduplicated>(recovered, Append("acct-6", ExpectedVersion.Any, late))));
        Assert.Equal(8, Send<EventsAppended>(recovered, Append("acct-6", ExpectedVersion.Exactly(7), Event())).FirstSequence);
    }

    [Fact]
    public void Older_snapshots_are_removed_once_a_newer_one_is_saved()
    {
        var entity = Entity("acct-7");
        for (var i = 0; i < 3; i++)
        {
            Send<EventsAppended>(entity, Append("acct-7", ExpectedVersion.Any, Events(SnapshotEvery)));
        }

        AwaitCondition(() => Snapshot("acct-7")?.Metadata.SequenceNr == 15, Patience);
        AwaitCondition(() => Snapshot("acct-7", maxSequenceNr: 14) is null, Patience); // the ones at 5 and 10 are gone
        Assert.Equal(15, StoredEvents("acct-7").Count);
    }

    [Fact]
    public void A_failed_journal_write_is_answered_at_once_and_the_stream_recovers_afterwards()
    {
        var entity = Entity("acct-8");
        Send<EventsAppended>(entity, Append("acct-8", ExpectedVersion.Any, Event()));
        Watch(entity);

        // Take the journal table away under the running entity: its next write fails.
        Database.Scalar("ALTER TABLE journal RENAME TO journal_away; SELECT 0");
        var failed = Send<AppendFailed>(entity, Append("acct-8", ExpectedVersion.Any, Event()));
        Assert.Equal("acct-8", failed.Stream);
        ExpectTerminated(entity, Patience);

        Database.Scalar("ALTER TABLE journal_away RENAME TO journal; SELECT 0");
        var recovered = Entity("acct-8");
        Assert.Equal(2, Send<EventsAppended>(recovered, Append("acct-8", ExpectedVersion.Exactly(1), Event())).FirstSequence);
    }

    [Fact]
    public void Appends_sent_without_waiting_are_written_in_arrival_order_with_chained_expected_versions()
    {
        var entity = Entity("acct-9");
        for (var i = 0; i < 50; i++)
        {
            entity.Tell(Append("acct-9", ExpectedVersion.Exactly(i), Event(json: $$"""{"n":{{i}}}""")), TestActor);
        }

        for (var i = 0; i < 50; i++)
        {
            var appended = ExpectMsg<EventsAppended>(Patience);
            Assert.Equal(i + 1, appended.FirstSequence);
        }

        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => "{\"n\":" + i + "}"),
            StoredEvents("acct-9").Select(e => System.Text.Encoding.UTF8.GetString(e.Event.Data.Span)));
    }

    private static (long, long) Sequences(AppendDeduplicated reply) => (reply.FirstSequence, reply.LastSequence);
}
