using Cluster.Node.Streams;
using Messages.Streams;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Streams;

public sealed class StreamDecisionsSpecs
{
    private static StreamState After(params EventData[][] batches)
    {
        var state = StreamState.Empty(10_000);
        foreach (var batch in batches)
        {
            foreach (var e in batch)
            {
                state = state.Apply(EventRecorded.From(e, 0));
            }
        }

        return state;
    }

    [Fact]
    public void Append_to_an_empty_stream_starts_at_sequence_one()
    {
        var decision = StreamDecisions.Decide(After(), Append("s", ExpectedVersion.Any, Events(3)));
        Assert.Equal(new AppendDecision.Accept(1, 3), decision);
    }

    [Theory]
    [InlineData("any", 0, true)]
    [InlineData("any", 4, true)]
    [InlineData("none", 0, true)]
    [InlineData("none", 4, false)]
    [InlineData("exists", 0, false)]
    [InlineData("exists", 4, true)]
    [InlineData("4", 4, true)]
    [InlineData("3", 4, false)]
    [InlineData("0", 0, true)]
    public void Expected_version_forms_are_checked_against_the_current_version(string header, int current, bool accepted)
    {
        Assert.True(ExpectedVersion.TryParse(header, out var expected));
        var state = After(Events(current));
        var decision = StreamDecisions.Decide(state, Append("s", expected, Events(1)));
        if (accepted)
        {
            Assert.Equal(new AppendDecision.Accept(current + 1, current + 1), decision);
        }
        else
        {
            var reply = Assert.IsType<WrongExpectedVersion>(Assert.IsType<AppendDecision.Answer>(decision).Reply);
            Assert.Equal(current, reply.CurrentVersion);
        }
    }

    [Fact]
    public void Resending_a_stored_batch_is_answered_with_its_original_sequences()
    {
        var first = Events(2);
        var second = Events(3);
        var state = After(first, second);

        // Even with an expected version that no longer holds: a retry must succeed.
        var decision = StreamDecisions.Decide(state, Append("s", ExpectedVersion.Exactly(2), second));

        var reply = Assert.IsType<AppendDeduplicated>(Assert.IsType<AppendDecision.Answer>(decision).Reply);
        Assert.Equal((3L, 5L), (reply.FirstSequence, reply.LastSequence));
    }

    [Fact]
    public void A_batch_mixing_stored_and_new_ids_is_rejected()
    {
        var stored = Events(2);
        var decision = StreamDecisions.Decide(After(stored), Append("s", ExpectedVersion.Any, stored[1], Event()));
        var reply = Assert.IsType<AppendRejected>(Assert.IsType<AppendDecision.Answer>(decision).Reply);
        Assert.Equal(2, reply.CurrentVersion);
    }

    [Fact]
    public void Stored_ids_in_another_order_are_rejected()
    {
        var stored = Events(2);
        var decision = StreamDecisions.Decide(After(stored), Append("s", ExpectedVersion.Any, stored[1], stored[0]));
        Assert.IsType<AppendRejected>(Assert.IsType<AppendDecision.Answer>(decision).Reply);
    }

    [Fact]
    public void The_same_id_twice_in_one_batch_is_rejected()
    {
        var e = Event();
        var decision = StreamDecisions.Decide(After(), Append("s", ExpectedVersion.Any, e, e));
        Assert.IsType<AppendRejected>(Assert.IsType<AppendDecision.Answer>(decision).Reply);
    }

    [Fact]
    public void The_window_keeps_at_least_its_capacity_and_forgets_older_ids()
    {
        var state = StreamState.Empty(100);
        var events = Events(400);
        foreach (var e in events)
        {
            state = state.Apply(EventRecorded.From(e, 0));
        }

        Assert.InRange(state.RecentIds.Count, 100, 100 + RecentEventIds.ChunkSize);
        for (var i = 300; i < 400; i++)
        {
            Assert.True(state.RecentIds.TryGetSequence(events[i].EventId, out var sequence));
            Assert.Equal(i + 1, sequence);
        }

        Assert.False(state.RecentIds.TryGetSequence(events[0].EventId, out _));
        Assert.False(state.RecentIds.TryGetSequence(events[400 - 100 - RecentEventIds.ChunkSize - 1].EventId, out _));
        Assert.False(state.RecentIds.TryGetSequence(Guid.NewGuid(), out _));
    }

    // A lookup probes only the chunks whose filter may hold the id: none may be skipped that holds it.
    [Fact]
    public void Every_id_of_a_full_default_window_is_found_at_its_sequence_and_none_older()
    {
        var window = RecentEventIds.Empty(10_000);
        var ids = Enumerable.Range(0, 25_000).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            window = window.Add(ids[i], i + 1);
        }

        var oldestKept = ids.Length - window.Count;
        Assert.InRange(window.Count, 10_000, 10_000 + RecentEventIds.ChunkSize);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i >= oldestKept, window.TryGetSequence(ids[i], out var sequence));
            Assert.Equal(i >= oldestKept ? i + 1 : 0, sequence);
        }

        Assert.Equal(ids.Skip(oldestKept), window.OldestFirst());
        Assert.DoesNotContain(Enumerable.Range(0, 10_000), _ => window.TryGetSequence(Guid.NewGuid(), out long _));
    }

    [Fact]
    public void Earlier_windows_are_unchanged_by_later_additions()
    {
        var events = Events(70);
        var before = StreamState.Empty(10);
        foreach (var e in events.Take(60))
        {
            before = before.Apply(EventRecorded.From(e, 0));
        }

        var after = before;
        foreach (var e in events.Skip(60))
        {
            after = after.Apply(EventRecorded.From(e, 0));
        }

        Assert.False(before.RecentIds.TryGetSequence(events[65].EventId, out _));
        Assert.True(after.RecentIds.TryGetSequence(events[65].EventId, out var sequence));
        Assert.Equal(66, sequence);
        Assert.True(before.RecentIds.TryGetSequence(events[59].EventId, out _));
    }

    [Fact]
    public void Two_windows_grown_from_the_same_one_keep_their_own_ids()
    {
        // E.g. decisions taken again from the stored state after a failed write: a second branch.
        var common = Events(30);
        var left = Events(40);
        var right = Events(40);
        var root = RecentEventIds.Empty(1000);
        for (var i = 0; i < common.Length; i++)
        {
            root = root.Add(common[i].EventId, i + 1);
        }

        var (l, r) = (root, root);
        for (var i = 0; i < 40; i++)
        {
            l = l.Add(left[i].EventId, 31 + i);
            r = r.Add(right[i].EventId, 31 + i);
        }

        Assert.All(left, e => Assert.False(r.TryGetSequence(e.EventId, out _)));
        Assert.All(right, e => Assert.False(l.TryGetSequence(e.EventId, out _)));
        Assert.All(left.Concat(right), e => Assert.False(root.TryGetSequence(e.EventId, out _)));
        Assert.True(l.TryGetSequence(left[39].EventId, out var ls) && ls == 70);
        Assert.True(r.TryGetSequence(right[39].EventId, out var rs) && rs == 70);
        Assert.Equal(common.Select(e => e.EventId).Concat(left.Select(e => e.EventId)), l.OldestFirst());
        Assert.Equal(common.Select(e => e.EventId).Concat(right.Select(e => e.EventId)), r.OldestFirst());
        Assert.Equal(common.Select(e => e.EventId), root.OldestFirst());
    }

    [Fact]
    public void A_snapshot_restores_version_and_window()
    {
        var events = Events(4);
        var state = After(events);
        var restored = StreamState.FromSnapshot(state.ToSnapshot(), 10_000);

        Assert.Equal(4, restored.Version);
        var decision = StreamDecisions.Decide(restored, Append("s", ExpectedVersion.Any, events[2], events[3]));
        var reply = Assert.IsType<AppendDeduplicated>(Assert.IsType<AppendDecision.Answer>(decision).Reply);
        Assert.Equal((3L, 4L), (reply.FirstSequence, reply.LastSequence));
    }

    [Fact]
    public void A_group_is_decided_in_order_as_if_earlier_accepted_appends_were_stored()
    {
        var first = Events(2);
        var retryOfFirst = first;
        var group = new[]
        {
            Append("s", ExpectedVersion.NoStream, first),
            Append("s", ExpectedVersion.Exactly(2), Event()),
            Append("s", ExpectedVersion.Exactly(2), Event()),
            Append("s", ExpectedVersion.Any, retryOfFirst),
            Append("s", ExpectedVersion.Exactly(3), Events(2)),
        };

        var decided = StreamDecisions.DecideGroup(StreamState.Empty(100), group);

        Assert.Equal(new AppendDecision.Accept(1, 2), decided.Decisions[0]);
        Assert.Equal(new AppendDecision.Accept(3, 3), decided.Decisions[1]);
        Assert.Equal(3, Assert.IsType<WrongExpectedVersion>(Assert.IsType<AppendDecision.Answer>(decided.Decisions[2]).Reply).CurrentVersion);
        var retry = Assert.IsType<AppendDeduplicated>(Assert.IsType<AppendDecision.Answer>(decided.Decisions[3]).Reply);
        Assert.Equal((1L, 2L), (retry.FirstSequence, retry.LastSequence));
        Assert.Equal(new AppendDecision.Accept(4, 5), decided.Decisions[4]);
        Assert.Equal(
            group[0].Events.Concat(group[1].Events).Concat(group[4].Events).Select(e => e.EventId),
            decided.AcceptedEvents.Select(e => e.EventId));
    }
}
