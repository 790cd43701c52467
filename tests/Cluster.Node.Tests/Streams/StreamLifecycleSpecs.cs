using Akka.Actor;
using Cluster.Node.Streams;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Streams;

/// <summary>Deletes and truncations decided by the stream entity, in order with its appends, against a real SQLite file.</summary>
public sealed class StreamLifecycleSpecs(ITestOutputHelper output) : SqliteTestKit("stream-lifecycle-specs", output)
{
    private IActorRef Entity(string stream) =>
        Sys.ActorOf(StreamEntity.Props(stream, StreamEntitySettings.From(Sys.Settings.Config), CreateTestProbe().Ref, Lifecycle));

    private T Send<T>(IActorRef entity, object command)
    {
        entity.Tell(RoundTrip(command), TestActor);
        return (T)RoundTrip(ExpectMsg<T>(Patience)!);
    }

    private static ChangeStreamLifecycle Delete(string stream, bool hard = false) =>
        new(stream, hard ? LifecycleChange.HardDelete : LifecycleChange.SoftDelete);

    private StreamLifecycle Stored(string stream) => Lifecycle.LoadAsync(stream, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void A_soft_deleted_stream_takes_none_again_and_numbers_on_after_its_old_last_sequence_also_after_a_restart()
    {
        var entity = Entity("acct-1");
        Send<EventsAppended>(entity, Append("acct-1", ExpectedVersion.Any, Events(3)));

        Assert.Equal(new StreamLifecycleChanged("acct-1", 3, 4), Send<StreamLifecycleChanged>(entity, Delete("acct-1")));
        Assert.Equal(new StreamLifecycle(3, 4, false), Stored("acct-1"));
        Assert.Equal((4L, 4L), Sequences(Send<EventsAppended>(entity, Append("acct-1", ExpectedVersion.NoStream, Event()))));

        Stop(entity);
        var recovered = Entity("acct-1");
        Assert.Equal(4, Send<WrongExpectedVersion>(recovered, Append("acct-1", ExpectedVersion.NoStream, Event())).CurrentVersion);
        Assert.Equal(5, Send<EventsAppended>(recovered, Append("acct-1", ExpectedVersion.StreamExists, Event())).FirstSequence);
    }

    [Fact]
    public void A_tombstoned_stream_refuses_every_append_and_change_for_good()
    {
        var entity = Entity("acct-2");
        Send<EventsAppended>(entity, Append("acct-2", ExpectedVersion.Any, Event()));
        Send<StreamLifecycleChanged>(entity, Delete("acct-2", hard: true));

        Send<StreamGone>(entity, Append("acct-2", ExpectedVersion.Any, Event()));
        Send<StreamGone>(entity, Delete("acct-2"));
        Stop(entity);
        Send<StreamGone>(Entity("acct-2"), Append("acct-2", ExpectedVersion.NoStream, Event()));
        Assert.True(Stored("acct-2").Tombstoned);
    }

    [Fact]
    public void Truncating_hides_the_events_before_and_keeps_the_version_and_the_numbering()
    {
        var entity = Entity("acct-3");
        Send<EventsAppended>(entity, Append("acct-3", ExpectedVersion.Any, Events(5)));

        Assert.Equal(new StreamLifecycleChanged("acct-3", 5, 3), Send<StreamLifecycleChanged>(entity, new ChangeStreamLifecycle("acct-3", LifecycleChange.Truncate, 3)));
        Assert.Equal(3, Send<StreamLifecycleChanged>(entity, new ChangeStreamLifecycle("acct-3", LifecycleChange.Truncate, 2)).ReadableFrom); // never moves back
        Assert.Equal(6, Send<StreamLifecycleChanged>(entity, new ChangeStreamLifecycle("acct-3", LifecycleChange.Truncate, 99)).ReadableFrom); // at most past the end
        Assert.Equal(6, Send<EventsAppended>(entity, Append("acct-3", ExpectedVersion.Exactly(5), Event())).FirstSequence);
        Assert.Equal(new StreamLifecycle(0, 6, false), Stored("acct-3"));
    }

    [Fact]
    public void A_stream_that_never_had_an_event_cannot_be_deleted_or_truncated_but_its_name_can_be_tombstoned()
    {
        Send<StreamNotFound>(Entity("acct-none"), Delete("acct-none"));
        Send<StreamNotFound>(Entity("acct-none2"), new ChangeStreamLifecycle("acct-none2", LifecycleChange.Truncate, 1));
        var reserved = Entity("acct-reserved");
        Send<StreamLifecycleChanged>(reserved, Delete("acct-reserved", hard: true));
        Send<StreamGone>(reserved, Append("acct-reserved", ExpectedVersion.NoStream, Event()));
    }

    [Fact]
    public void An_event_resent_after_a_delete_is_answered_with_its_original_sequence_and_not_stored_again()
    {
        var entity = Entity("acct-4");
        var first = Event();
        Send<EventsAppended>(entity, Append("acct-4", ExpectedVersion.Any, first));
        Send<StreamLifecycleChanged>(entity, Delete("acct-4"));

        Assert.Equal((1L, 1L), Sequences(Send<AppendDeduplicated>(entity, Append("acct-4", ExpectedVersion.Any, first))));
        Assert.Single(JournalOf("acct-4")); // stored once, and unreadable since the delete
        Assert.Empty(StoredEvents("acct-4"));
    }

    [Fact]
    public void A_delete_sent_between_appends_applies_between_them()
    {
        var entity = Entity("acct-5");
        entity.Tell(Append("acct-5", ExpectedVersion.Any, Events(2)), TestActor);
        entity.Tell(Delete("acct-5"), TestActor);
        entity.Tell(Append("acct-5", ExpectedVersion.NoStream, Event()), TestActor);

        Assert.Equal((1L, 2L), Sequences(ExpectMsg<EventsAppended>(Patience)));
        Assert.Equal(new StreamLifecycleChanged("acct-5", 2, 3), ExpectMsg<StreamLifecycleChanged>(Patience));
        Assert.Equal((3L, 3L), Sequences(ExpectMsg<EventsAppended>(Patience)));
    }

    private static (long, long) Sequences(EventsAppended reply) => (reply.FirstSequence, reply.LastSequence);

    private static (long, long) Sequences(AppendDeduplicated reply) => (reply.FirstSequence, reply.LastSequence);
}
