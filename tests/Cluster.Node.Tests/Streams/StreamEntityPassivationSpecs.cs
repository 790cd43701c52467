using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Cluster.Node.Streams;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Streams;

/// <summary>
/// A stream entity stopped early by the node's memory budget: it passivates through its shard only
/// when idle, answers everything it already has before it stops, and keeps its idempotency window
/// across the restart. A stand-in parent plays the shard (it reports the entity's
/// <see cref="Passivate"/> and its termination; the spec sends the stop message back as the shard would).
/// </summary>
public sealed class StreamEntityPassivationSpecs : SqliteTestKit
{
    private readonly TestProbe _shard;

    public StreamEntityPassivationSpecs(ITestOutputHelper output)
        : base("stream-entity-passivation-specs", output)
    {
        _shard = CreateTestProbe();
    }

    /// <summary>The entity under a stand-in shard; messages sent to the returned parent reach the entity with their sender.</summary>
    private IActorRef Entity(string stream, ActiveStreams activeStreams) =>
        Sys.ActorOf(Props.Create(() => new ShardStandIn(
            StreamEntity.Props(stream, StreamEntitySettings.From(Sys.Settings.Config), CreateTestProbe().Ref, Lifecycle, activeStreams),
            _shard.Ref)));

    private T Send<T>(IActorRef entity, AppendEvents command)
    {
        entity.Tell(command, TestActor);
        return ExpectMsg<T>(Patience)!;
    }

    [Fact]
    public void Over_the_budget_the_sweep_passivates_an_idle_entity_and_its_window_survives_the_restart()
    {
        var activeStreams = new ActiveStreams(budgetBytes: 1);
        var entity = Entity("acct-1", activeStreams);
        var batch = Events(2);
        Send<EventsAppended>(entity, Append("acct-1", ExpectedVersion.NoStream, batch));
        Assert.Equal((1, ActiveStreams.EstimateBytes(2)), (activeStreams.Count, activeStreams.EstimatedBytes));

        Sys.ActorOf(ActiveStreamsSweeper.Props(activeStreams, TimeSpan.FromMilliseconds(50)));
        var passivate = _shard.ExpectMsg<Passivate>(Patience);
        Assert.IsType<StreamEntity.StopStream>(passivate.StopMessage);
        entity.Tell(passivate.StopMessage);
        _shard.ExpectMsg<EntityStopped>(Patience);
        AwaitCondition(() => activeStreams.Count == 0, Patience);

        // Recovered from the journal: the retried batch is recognised, the version goes on.
        var again = Entity("acct-1", new ActiveStreams(budgetBytes: long.MaxValue));
        var replay = Send<AppendDeduplicated>(again, Append("acct-1", ExpectedVersion.Any, batch));
        Assert.Equal((1L, 2L), (replay.FirstSequence, replay.LastSequence));
        Assert.Equal(3L, Send<EventsAppended>(again, Append("acct-1", ExpectedVersion.Exactly(2), Event())).FirstSequence);
    }

    [Fact]
    public void Asked_while_a_write_is_in_flight_it_stays()
    {
        var entity = Entity("acct-2", new ActiveStreams(budgetBytes: 1));

        // Both wait in the entity's mailbox: the append's write is in flight when the request is read.
        entity.Tell(Append("acct-2", ExpectedVersion.Any, Event()), TestActor);
        entity.Tell(StreamEntity.PassivateIfIdle.Instance);

        ExpectMsg<EventsAppended>(Patience);
        entity.Tell(StreamEntity.PassivateIfIdle.Instance);
        Assert.IsType<StreamEntity.StopStream>(_shard.ExpectMsg<Passivate>(Patience).StopMessage);
        _shard.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one Passivate: the first request was declined
    }

    [Fact]
    public void The_stop_message_waits_for_the_appends_the_entity_already_has()
    {
        var entity = Entity("acct-3", new ActiveStreams(budgetBytes: long.MaxValue));
        Send<EventsAppended>(entity, Append("acct-3", ExpectedVersion.Any, Event()));

        // An append, then a second one that waits behind its write, then the stop: all three in the mailbox.
        entity.Tell(Append("acct-3", ExpectedVersion.Exactly(1), Event()), TestActor);
        entity.Tell(Append("acct-3", ExpectedVersion.Exactly(2), Event()), TestActor);
        entity.Tell(StreamEntity.StopStream.Instance);

        Assert.Equal(2L, ExpectMsg<EventsAppended>(Patience).FirstSequence);
        Assert.Equal(3L, ExpectMsg<EventsAppended>(Patience).FirstSequence);
        _shard.ExpectMsg<EntityStopped>(Patience);
        Assert.Equal([1L, 2, 3], StoredEvents("acct-3").Select(e => e.Sequence));
    }

    private sealed record EntityStopped;

    /// <summary>Plays the shard: creates the entity, forwards to it, reports its Passivate and its end.</summary>
    private sealed class ShardStandIn : ReceiveActor
    {
        public ShardStandIn(Props entityProps, IActorRef shard)
        {
            var entity = Context.Watch(Context.ActorOf(entityProps, "entity"));
            Receive<Passivate>(passivate => shard.Tell(passivate));
            // A Terminated told on would be dropped by a receiver that does not watch the entity itself.
            Receive<Terminated>(_ => shard.Tell(new EntityStopped()));
            ReceiveAny(message => entity.Forward(message));
        }
    }
}
