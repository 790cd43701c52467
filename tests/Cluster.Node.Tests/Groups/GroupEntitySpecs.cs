using Akka.Actor;
using Akka.TestKit;
using Cluster.Node.Groups;
using Cluster.Node.Reads;
using Cluster.Node.Streams;
using Messages.Groups;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Groups;

/// <summary>A consumer group entity over a real SQLite journal, fed by real stream entities; every message serialized.</summary>
public sealed class GroupEntitySpecs : SqliteTestKit
{
    private readonly JournalReader _reader;

    public GroupEntitySpecs(ITestOutputHelper output)
        : base("group-entity-specs", output, hocon: "event-cluster.groups { poll-interval = 100ms, expiry-check-interval = 100ms, snapshot-every = 3 }")
    {
        _reader = new JournalReader(Database.Store, Sys);
    }

    private static GroupDefinition Definition(int ackTimeoutSeconds = 30, int maxDeliveries = 5, GroupOrdering ordering = GroupOrdering.Stream) =>
        new(GroupStart.Earliest, ackTimeoutSeconds, maxDeliveries, ordering);

    private IActorRef Group(string topic, string group) =>
        Sys.ActorOf(GroupEntity.Props(topic, group, _reader, GroupEntitySettings.From(Sys.Settings.Config), commits: null));

    private T Ask<T>(IActorRef target, object command, TestProbe? from = null)
    {
        var sender = from ?? CreateTestProbe();
        target.Tell(RoundTrip(command), sender.Ref);
        return (T)RoundTrip(sender.ExpectMsg<T>(Patience)!);
    }

    private void Append(string stream, int count)
    {
        var entity = Sys.ActorOf(StreamEntity.Props(stream, StreamEntitySettings.From(Sys.Settings.Config), CreateTestProbe().Ref, Lifecycle));
        entity.Tell(new AppendEvents(stream, ExpectedVersion.Any, Events(count)), TestActor);
        ExpectMsg<EventsAppended>(Patience);
    }

    private GroupDelivery NextDelivery(TestProbe member) => (GroupDelivery)RoundTrip(member.ExpectMsg<GroupDelivery>(Patience)!);

    [Fact]
    public void Creating_answers_created_then_exists_then_conflict_and_unknown_groups_are_not_found()
    {
        var group = Group("acct", "g1");
        Assert.IsType<GroupNotFound>(Ask<object>(group, new GetGroupStatus("acct", "g1")));

        Assert.True(Ask<GroupCreated>(group, new CreateGroup("acct", "g1", Definition())).Created);
        Assert.False(Ask<GroupCreated>(group, new CreateGroup("acct", "g1", Definition())).Created);
        var conflict = Ask<GroupSettingsConflict>(group, new CreateGroup("acct", "g1", Definition(maxDeliveries: 9)));
        Assert.Equal(Definition(), conflict.Existing);
    }

    [Fact]
    public void Members_get_the_topics_events_and_acks_move_the_checkpoint_which_survives_a_restart()
    {
        Append("bank-1", 2);
        Append("bank-2", 1);
        Append("other-1", 1);
        var group = Group("bank", "g");
        Ask<GroupCreated>(group, new CreateGroup("bank", "g", Definition()));
        var member = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup("bank", "g", member.Ref));

        // Stream order: bank-1's second event (offset 2) waits for its first to be acked, so
        // bank-2's (offset 3) goes out before it although events go out lowest offset first.
        var first = new[] { NextDelivery(member), NextDelivery(member) };
        Assert.Equal(["bank-1", "bank-2"], first.Select(d => d.Stream).Order());
        Assert.Equal(2, Ask<GroupStatus>(group, new GetGroupStatus("bank", "g")).InFlight);

        var settled = Ask<DeliveriesSettled>(group, new SettleDeliveries("bank", "g", first.Select(d => d.DeliveryId).ToList(), Ack: true));
        Assert.Equal(2, settled.Accepted);
        var last = NextDelivery(member);
        Assert.Equal(("bank-1", 2L), (last.Stream, last.Sequence));
        Ask<DeliveriesSettled>(group, new SettleDeliveries("bank", "g", [last.DeliveryId], Ack: true));

        var highest = first.Append(last).Max(d => d.Offset);
        var status = Ask<GroupStatus>(group, new GetGroupStatus("bank", "g"));
        Assert.Equal((highest, 0L, 0, 1), (status.Checkpoint, status.Lag, status.InFlight, status.Members));

        Stop(group);
        var restarted = Group("bank", "g");
        Assert.Equal(highest, Ask<GroupStatus>(restarted, new GetGroupStatus("bank", "g")).Checkpoint);
        Ask<GroupJoined>(restarted, new JoinGroup("bank", "g", member.Ref));

        // Everything was acknowledged: the first delivery after the restart is the new event, not
        // one of the old ones again (those would go out at the join, before it was appended).
        Append("bank-3", 1);
        Assert.Equal("bank-3", NextDelivery(member).Stream); // read on the poll: live events after the catch-up
    }

    [Fact]
    public void With_several_members_each_stream_has_one_event_out_at_a_time_in_order_and_every_event_goes_out_once()
    {
        const int streams = 6;
        const int perStream = 8;
        for (var i = 0; i < streams; i++)
        {
            Append($"pay-{i}", perStream);
        }

        var group = Group("pay", "g");
        Ask<GroupCreated>(group, new CreateGroup("pay", "g", Definition()));
        var members = Enumerable.Range(0, 3).Select(_ => CreateTestProbe()).ToList();
        foreach (var member in members)
        {
            Ask<GroupJoined>(group, new JoinGroup("pay", "g", member.Ref));
        }

        var random = new Random(7);
        var outstanding = new Dictionary<string, GroupDelivery>(); // stream -> its one delivery out
        var delivered = new List<GroupDelivery>();
        var receivedBy = new HashSet<TestProbe>();
        while (delivered.Count < streams * perStream)
        {
            foreach (var member in members)
            {
                foreach (var d in member.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => m as GroupDelivery).OfType<GroupDelivery>())
                {
                    Assert.False(outstanding.ContainsKey(d.Stream), $"{d.Stream} had two events out at once");
                    outstanding[d.Stream] = d;
                    delivered.Add(d);
                    receivedBy.Add(member);
                }
            }

            Assert.NotEmpty(outstanding);
            var toAck = outstanding.Values.OrderBy(_ => random.Next()).Take(1 + random.Next(outstanding.Count)).ToList();
            Ask<DeliveriesSettled>(group, new SettleDeliveries("pay", "g", toAck.Select(d => d.DeliveryId).ToList(), Ack: true));
            foreach (var d in toAck)
            {
                outstanding.Remove(d.Stream);
            }
        }

        Assert.Equal(streams * perStream, delivered.Select(d => d.Offset).Distinct().Count());
        Assert.All(delivered.GroupBy(d => d.Stream), s => Assert.Equal(Enumerable.Range(1, perStream).Select(n => (long)n), s.Select(d => d.Sequence)));
        Assert.Equal(3, receivedBy.Count);
    }

    [Fact]
    public void Unacknowledged_events_come_again_and_are_parked_after_max_deliveries()
    {
        Append("card-1", 1);
        var group = Group("card", "g");
        Ask<GroupCreated>(group, new CreateGroup("card", "g", Definition(ackTimeoutSeconds: 1, maxDeliveries: 2)));
        var member = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup("card", "g", member.Ref));

        var first = NextDelivery(member);
        var nacked = Ask<DeliveriesSettled>(group, new SettleDeliveries("card", "g", [first.DeliveryId], Ack: false));
        Assert.Equal(1, nacked.Accepted);
        var second = NextDelivery(member);
        Assert.Equal((first.Offset, 2), (second.Offset, second.Attempt));

        // Not acknowledged within a second: the second delivery was the last, so it is parked.
        AwaitAssert(() => Assert.Equal(1, Ask<GroupStatus>(group, new GetGroupStatus("card", "g")).Parked), Patience, TimeSpan.FromMilliseconds(200));
        var status = Ask<GroupStatus>(group, new GetGroupStatus("card", "g"));
        Assert.Equal(first.Offset, status.Checkpoint);
        Assert.Equal([second.DeliveryId], Ask<DeliveriesSettled>(group, new SettleDeliveries("card", "g", [second.DeliveryId], Ack: true)).Unknown);
    }

    [Fact]
    public void Parked_events_replayed_go_out_again_and_once_acknowledged_stay_resolved_after_a_restart()
    {
        Append("debt-1", 1);
        var group = Group("debt", "g");
        Ask<GroupCreated>(group, new CreateGroup("debt", "g", Definition(maxDeliveries: 1)));
        var member = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup("debt", "g", member.Ref));
        var first = NextDelivery(member);
        Ask<DeliveriesSettled>(group, new SettleDeliveries("debt", "g", [first.DeliveryId], Ack: false));
        Assert.Equal(1, Ask<GroupStatus>(group, new GetGroupStatus("debt", "g")).Parked);

        Assert.Equal(1, Ask<ParkedReplayed>(group, new ReplayParked("debt", "g")).Count);
        var replayed = NextDelivery(member);
        Assert.Equal((first.Offset, 1), (replayed.Offset, replayed.Attempt));
        Ask<DeliveriesSettled>(group, new SettleDeliveries("debt", "g", [replayed.DeliveryId], Ack: true));
        Assert.Equal(0, Ask<GroupStatus>(group, new GetGroupStatus("debt", "g")).Parked);

        Stop(group);
        var restarted = Group("debt", "g");
        Assert.Equal(0, Ask<GroupStatus>(restarted, new GetGroupStatus("debt", "g")).Parked);
        Assert.Equal(0, Ask<ParkedReplayed>(restarted, new ReplayParked("debt", "g")).Count);
    }

    [Fact]
    public void What_a_stopped_member_held_goes_to_another_member()
    {
        Append("loan-1", 1);
        var group = Group("loan", "g");
        Ask<GroupCreated>(group, new CreateGroup("loan", "g", Definition()));
        var leaving = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup("loan", "g", leaving.Ref));
        var held = NextDelivery(leaving);

        var staying = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup("loan", "g", staying.Ref));
        Stop(leaving.Ref);

        var again = NextDelivery(staying);
        Assert.Equal((held.Offset, 2), (again.Offset, again.Attempt));
    }

    [Fact]
    public void A_deleted_group_tells_its_members_and_is_gone()
    {
        var group = Group("fees", "g");
        Ask<GroupCreated>(group, new CreateGroup("fees", "g", Definition()));
        var member = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup("fees", "g", member.Ref));

        Ask<GroupRemoved>(group, new DeleteGroup("fees", "g"));

        member.ExpectMsg<GroupRemoved>(Patience);
        Assert.IsType<GroupNotFound>(Ask<object>(group, new GetGroupStatus("fees", "g")));
        Assert.True(Ask<GroupCreated>(group, new CreateGroup("fees", "g", Definition(maxDeliveries: 9))).Created);
    }

    [Fact]
    public void A_busy_groups_journal_is_trimmed_after_snapshots_and_its_checkpoint_survives_a_restart()
    {
        var topic = "trim";
        Append($"{topic}-1", 1);
        Append($"{topic}-2", 1);
        Append($"{topic}-3", 1);
        Append($"{topic}-4", 1);
        Append($"{topic}-5", 1);
        Append($"{topic}-6", 1);
        Append($"{topic}-7", 1);
        Append($"{topic}-8", 1);
        var group = Group(topic, "g");
        Ask<GroupCreated>(group, new CreateGroup(topic, "g", Definition(ordering: GroupOrdering.None)));
        var member = CreateTestProbe();
        Ask<GroupJoined>(group, new JoinGroup(topic, "g", member.Ref), member);

        // One ack at a time: each moves the checkpoint, each checkpoint is a journal event.
        long last = 0;
        for (var i = 0; i < 8; i++)
        {
            var delivery = NextDelivery(member);
            last = Math.Max(last, delivery.Offset);
            Ask<DeliveriesSettled>(group, new SettleDeliveries(topic, "g", [delivery.DeliveryId], Ack: true));
        }

        var id = GroupNames.PersistenceIdOf(topic, "g");
        AwaitCondition(() => JournalOf(id).Count <= 4, Patience);
        Stop(group);

        var again = Group(topic, "g");
        Assert.Equal(last, Ask<GroupStatus>(again, new GetGroupStatus(topic, "g")).Checkpoint);
    }
}
