using Cluster.Node.Groups;
using Cluster.Node.Reads;
using Messages.Groups;
using Messages.Streams;

namespace Cluster.Node.Tests.Groups;

/// <summary>The delivery bookkeeping of a consumer group: order, spreading, redelivery, parking, checkpoint.</summary>
public sealed class GroupLedgerSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    private static GroupLedger Ledger(GroupOrdering ordering = GroupOrdering.Stream, int perMember = 10, int maxDeliveries = 3, int readAhead = 1000) =>
        new(new GroupSettings(TimeSpan.FromSeconds(30), maxDeliveries, ordering, perMember, readAhead), checkpoint: 0);

    /// <summary>Events at the given offsets, each of the stream named beside it.</summary>
    private static StoredEvent[] Events(params (long Offset, string Stream)[] events) =>
        events.Select((e, i) => new StoredEvent(e.Stream, i + 1, e.Offset,
            new EventRecorded(Guid.NewGuid(), "Deposited", new byte[] { 0x7b, 0x7d }, ReadOnlyMemory<byte>.Empty, EventData.JsonContentType, 0))).ToArray();

    [Fact]
    public void Events_go_out_lowest_offset_first_spread_over_the_members_in_turn()
    {
        var ledger = Ledger(GroupOrdering.None);
        ledger.Add(Events((1, "a-1"), (2, "a-2"), (3, "a-3"), (4, "a-4")));
        ledger.MemberJoined("m1");
        ledger.MemberJoined("m2");

        var out1 = ledger.Assign(T0);

        Assert.Equal([1L, 2, 3, 4], out1.Select(d => d.Event.Offset));
        Assert.Equal(["m1", "m2", "m1", "m2"], out1.Select(d => d.Member));
        Assert.All(out1, d => Assert.Equal(1, d.Attempt));
        Assert.Empty(ledger.Assign(T0));
    }

    [Fact]
    public void With_stream_ordering_the_next_event_of_a_stream_waits_for_the_previous_ack_while_other_streams_proceed()
    {
        var ledger = Ledger(GroupOrdering.Stream);
        ledger.Add(Events((1, "a-1"), (2, "a-1"), (3, "a-2"), (4, "a-1")));
        ledger.MemberJoined("m1");
        ledger.MemberJoined("m2");

        var first = ledger.Assign(T0);
        Assert.Equal([1L, 3], first.Select(d => d.Event.Offset));

        Assert.True(ledger.Ack(first[0].Id));
        var second = ledger.Assign(T0);
        Assert.Equal([2L], second.Select(d => d.Event.Offset));

        Assert.True(ledger.Ack(second[0].Id));
        Assert.Equal([4L], ledger.Assign(T0).Select(d => d.Event.Offset));
    }

    [Fact]
    public void Without_ordering_events_of_one_stream_go_out_together()
    {
        var ledger = Ledger(GroupOrdering.None);
        ledger.Add(Events((1, "a-1"), (2, "a-1"), (3, "a-1")));
        ledger.MemberJoined("m1");
        ledger.MemberJoined("m2");

        Assert.Equal(3, ledger.Assign(T0).Count);
    }

    [Fact]
    public void A_member_never_holds_more_than_its_limit()
    {
        var ledger = Ledger(GroupOrdering.None, perMember: 2);
        ledger.Add(Events((1, "a-1"), (2, "a-2"), (3, "a-3")));
        ledger.MemberJoined("m1");

        var out1 = ledger.Assign(T0);
        Assert.Equal(2, out1.Count);
        Assert.Empty(ledger.Assign(T0));

        ledger.Ack(out1[0].Id);
        Assert.Equal([3L], ledger.Assign(T0).Select(d => d.Event.Offset));
    }

    [Fact]
    public void The_checkpoint_moves_only_over_a_settled_prefix()
    {
        var ledger = Ledger(GroupOrdering.None);
        ledger.Add(Events((10, "a-1"), (20, "a-2"), (30, "a-3")));
        ledger.MemberJoined("m1");
        var out1 = ledger.Assign(T0);
        Assert.Equal(0, ledger.Checkpoint);

        ledger.Ack(out1[1].Id);
        Assert.Equal(0, ledger.Checkpoint);

        ledger.Ack(out1[0].Id);
        Assert.Equal(20, ledger.Checkpoint); // 10 and 20 settled

        ledger.Ack(out1[2].Id);
        Assert.Equal(30, ledger.Checkpoint);
    }

    [Fact]
    public void A_nack_hands_the_event_out_again_under_a_new_id_and_the_old_id_no_longer_acks()
    {
        var ledger = Ledger();
        ledger.Add(Events((1, "a-1")));
        ledger.MemberJoined("m1");
        var first = ledger.Assign(T0).Single();

        Assert.True(ledger.Nack(first.Id, out var parked));
        Assert.Null(parked);
        var again = ledger.Assign(T0).Single();

        Assert.Equal(2, again.Attempt);
        Assert.NotEqual(first.Id, again.Id);
        Assert.False(ledger.Ack(first.Id));
        Assert.True(ledger.Ack(again.Id));
        Assert.Equal(1, ledger.Checkpoint);
    }

    [Fact]
    public void Unacknowledged_deliveries_come_back_after_the_timeout_and_are_parked_after_max_deliveries()
    {
        var ledger = Ledger(maxDeliveries: 2);
        ledger.Add(Events((1, "a-1"), (2, "a-1")));
        ledger.MemberJoined("m1");

        var first = ledger.Assign(T0).Single();
        Assert.Equal(T0.AddSeconds(30), ledger.NextDeadline);
        Assert.Empty(ledger.Expire(T0.AddSeconds(29)));
        Assert.Empty(ledger.Expire(T0.AddSeconds(30)));

        var second = ledger.Assign(T0.AddSeconds(30)).Single();
        Assert.Equal((1L, 2), (second.Event.Offset, second.Attempt));
        var parked = ledger.Expire(T0.AddSeconds(60)).Single();

        Assert.Equal((1L, 2), (parked.Event.Offset, parked.Deliveries));
        Assert.Equal(1, ledger.Checkpoint);
        ledger.ParkingRecorded([parked]);
        Assert.Equal([2L], ledger.Assign(T0.AddSeconds(60)).Select(d => d.Event.Offset));
    }

    [Fact]
    public void With_stream_ordering_a_parked_events_stream_waits_until_the_parking_is_recorded()
    {
        var ledger = Ledger(maxDeliveries: 1);
        ledger.Add(Events((1, "a-1"), (2, "a-1"), (3, "b-1")));
        ledger.MemberJoined("m1");
        var first = ledger.Assign(T0).Where(d => d.Event.Stream == "a-1").Single();

        Assert.True(ledger.Nack(first.Id, out var parked));
        Assert.NotNull(parked);
        Assert.Empty(ledger.Assign(T0));

        ledger.ParkingRecorded([parked!]);
        Assert.Equal([2L], ledger.Assign(T0).Select(d => d.Event.Offset));
    }

    [Fact]
    public void What_a_leaving_member_held_goes_to_the_others()
    {
        var ledger = Ledger(GroupOrdering.Stream);
        ledger.Add(Events((1, "a-1"), (2, "a-2")));
        ledger.MemberJoined("m1");
        ledger.MemberJoined("m2");
        var out1 = ledger.Assign(T0);
        var heldByM1 = out1.Single(d => d.Member == "m1");

        Assert.Empty(ledger.MemberLeft("m1"));
        var again = ledger.Assign(T0).Single();

        Assert.Equal(("m2", heldByM1.Event.Offset), (again.Member, again.Event.Offset));
        Assert.False(ledger.Ack(heldByM1.Id));
    }

    [Fact]
    public void Reading_stops_when_the_group_holds_its_read_ahead_and_an_event_is_never_read_twice()
    {
        var ledger = Ledger(GroupOrdering.None, readAhead: 3);
        ledger.Add(Events((1, "a-1"), (2, "a-2")));
        Assert.Equal(1, ledger.Room);

        ledger.Add(Events((2, "a-2"), (3, "a-3")));
        Assert.Equal(0, ledger.Room);
        Assert.Equal(3, ledger.ReadPosition);
        Assert.Equal(3, ledger.Waiting);

        ledger.MemberJoined("m1");
        var out1 = ledger.Assign(T0);
        ledger.Ack(out1[2].Id);
        Assert.Equal(0, ledger.Room); // 3 is settled but 1 is not: the group holds still

        ledger.Ack(out1[0].Id);
        Assert.Equal(1, ledger.Room);
    }

    [Fact]
    public void A_replayed_parked_event_goes_out_again_from_attempt_1_without_moving_the_checkpoint()
    {
        var ledger = Ledger(maxDeliveries: 1);
        var events = Events((1, "a-1"), (2, "a-2"));
        ledger.Add(events);
        ledger.MemberJoined("m1");
        var out1 = ledger.Assign(T0);
        var parked = ledger.Expire(T0.AddSeconds(30));
        Assert.Equal(2, parked.Count);
        Assert.Equal(2, ledger.Checkpoint);
        ledger.ParkingRecorded(parked);

        Assert.Equal(1, ledger.Replay([events[0]]));
        Assert.Equal(0, ledger.Replay([events[0]])); // already replaying
        var again = ledger.Assign(T0.AddSeconds(30)).Single();
        Assert.Equal((1L, 1), (again.Event.Offset, again.Attempt));

        Assert.True(ledger.Ack(again.Id, out var resolved));
        Assert.Equal(1, resolved!.Offset);
        Assert.Equal((2L, 0), (ledger.Checkpoint, ledger.Replaying));
        Assert.False(ledger.Ack(out1[0].Id));
    }

    [Fact]
    public void Reading_also_stops_while_the_payloads_held_reach_the_byte_bound_and_resumes_as_they_settle()
    {
        // Each test event carries 2 bytes of data.
        var ledger = new GroupLedger(new GroupSettings(TimeSpan.FromSeconds(30), 3, GroupOrdering.None, 10, ReadAhead: 100, ReadAheadBytes: 4), checkpoint: 0);
        ledger.Add(Events((1, "a-1")));
        Assert.Equal(99, ledger.Room);

        ledger.Add(Events((2, "a-2")));
        Assert.Equal((4L, 0), (ledger.HeldBytes, ledger.Room));

        ledger.MemberJoined("m1");
        var out1 = ledger.Assign(T0);
        Assert.Equal(0, ledger.Room); // out with a member is still held

        ledger.Ack(out1[0].Id);
        Assert.Equal((2L, 99), (ledger.HeldBytes, ledger.Room));
    }
    [Fact]
    public void A_nack_with_a_delay_holds_the_event_and_its_streams_later_events_until_then_while_other_streams_proceed()
    {
        var ledger = Ledger(GroupOrdering.Stream);
        ledger.Add(Events((1, "a-1"), (2, "a-1"), (3, "a-2")));
        ledger.MemberJoined("m1");
        var first = ledger.Assign(T0);
        Assert.Equal([1L, 3], first.Select(d => d.Event.Offset));

        Assert.True(ledger.Nack(first[0].Id, out var parked, notBefore: T0.AddSeconds(2)));
        Assert.Null(parked);
        Assert.True(ledger.Ack(first[1].Id));
        Assert.Empty(ledger.Assign(T0.AddSeconds(1)));
        Assert.Equal(T0.AddSeconds(2), ledger.NextRetryAfter(T0.AddSeconds(1)));

        var again = Assert.Single(ledger.Assign(T0.AddSeconds(2)));
        Assert.Equal((1L, 2), (again.Event.Offset, again.Attempt));
        Assert.Null(ledger.NextRetryAfter(T0.AddSeconds(2)));
        Assert.True(ledger.Ack(again.Id));
        Assert.Equal([2L], ledger.Assign(T0.AddSeconds(2)).Select(d => d.Event.Offset));
    }

    [Fact]
    public void A_member_joined_with_its_own_limit_holds_no_more_than_that()
    {
        var ledger = Ledger(GroupOrdering.None, perMember: 10);
        ledger.Add(Events((1, "a-1"), (2, "a-2"), (3, "a-3"), (4, "a-4")));
        ledger.MemberJoined("webhook", maxInFlight: 2);

        Assert.Equal([1L, 2], ledger.Assign(T0).Select(d => d.Event.Offset));
        Assert.Empty(ledger.Assign(T0));
    }
}
