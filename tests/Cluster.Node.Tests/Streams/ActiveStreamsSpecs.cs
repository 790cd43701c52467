using Akka.Actor;
using Cluster.Node.Streams;

namespace Cluster.Node.Tests.Streams;

/// <summary>Which live stream entities the memory budget names to stop.</summary>
public sealed class ActiveStreamsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private long _now;

    private ActiveStreams Budget(long bytes) => new(bytes, () => _now);

    /// <summary>Registers an entity (a probe stands in) active at the current reading of the clock, then moves the clock on.</summary>
    private (IActorRef Entity, ActiveStreams.Slot Slot) Entity(ActiveStreams streams, int windowIds)
    {
        var entity = CreateTestProbe().Ref;
        var slot = streams.Register(entity, windowIds);
        _now++;
        return (entity, slot);
    }

    [Fact]
    public void Within_the_budget_no_entity_is_named()
    {
        var streams = Budget(3 * ActiveStreams.EstimateBytes(10));
        for (var i = 0; i < 3; i++)
        {
            Entity(streams, 10);
        }

        Assert.Equal(3 * ActiveStreams.EstimateBytes(10), streams.EstimatedBytes);
        Assert.Empty(streams.LeastRecentlyUsedOverBudget());
    }

    [Fact]
    public void Over_the_budget_the_least_recently_active_are_named_until_the_rest_fit_in_nine_tenths()
    {
        var each = ActiveStreams.EstimateBytes(0);
        var streams = Budget(10 * each);
        var entities = Enumerable.Range(0, 12).Select(_ => Entity(streams, 0)).ToList();
        entities[0].Slot.Touch(0); // the oldest is active again: now the most recent

        var named = streams.LeastRecentlyUsedOverBudget();

        // 12 entities, 9 fit in nine tenths of the budget: the 3 least recently active go.
        Assert.Equal([entities[1].Entity, entities[2].Entity, entities[3].Entity], named);
    }

    [Fact]
    public void An_entity_named_is_not_counted_again_until_it_is_active_again()
    {
        var each = ActiveStreams.EstimateBytes(0);
        var streams = Budget(10 * each);
        var entities = Enumerable.Range(0, 12).Select(_ => Entity(streams, 0)).ToList();
        Assert.Equal(3, streams.LeastRecentlyUsedOverBudget().Count);

        // The three named have not stopped yet: the next sweep does not name three more for them.
        Assert.Empty(streams.LeastRecentlyUsedOverBudget());

        // One of them was in use after all (it declined, and its commit marks it active): it counts again.
        entities[0].Slot.Touch(0);
        Assert.Empty(streams.LeastRecentlyUsedOverBudget()); // 10 count, 10 fit
        Entity(streams, 0);
        Assert.Equal([entities[3].Entity, entities[4].Entity], streams.LeastRecentlyUsedOverBudget()); // 11: back to 9, the least recent not yet named
    }

    [Fact]
    public void The_window_counts_and_a_stopped_entity_no_longer_does()
    {
        var streams = Budget(ActiveStreams.EstimateBytes(1000) + ActiveStreams.EstimateBytes(0) - 1);
        var small = Entity(streams, 0);
        var large = Entity(streams, 0);
        large.Slot.Touch(1000); // its window grew: together they are over the budget, and it is the most recent

        Assert.Equal([small.Entity], streams.LeastRecentlyUsedOverBudget());

        streams.Unregister(small.Slot);
        Assert.Equal(1, streams.Count);
        Assert.Equal(ActiveStreams.EstimateBytes(1000), streams.EstimatedBytes);
        Assert.Empty(streams.LeastRecentlyUsedOverBudget());
    }
}
