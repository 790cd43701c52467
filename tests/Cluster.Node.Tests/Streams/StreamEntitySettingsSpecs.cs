using Cluster.Node.Streams;

namespace Cluster.Node.Tests.Streams;

/// <summary>Each stream's own snapshot threshold.</summary>
public sealed class StreamEntitySettingsSpecs
{
    [Fact]
    public void Streams_snapshot_at_thresholds_spread_over_a_quarter_above_snapshot_every_each_fixed()
    {
        var settings = new StreamEntitySettings(IdempotencyWindow: 100, SnapshotEvery: 1000);
        var thresholds = Enumerable.Range(0, 100).Select(i => settings.SnapshotEveryFor($"acct-{i}")).ToList();

        Assert.All(thresholds, t => Assert.InRange(t, 1000, 1249));
        Assert.True(thresholds.Distinct().Count() > 50, $"100 streams got only {thresholds.Distinct().Count()} different thresholds");
        Assert.Equal(thresholds[7], settings.SnapshotEveryFor("acct-7"));
    }

    [Fact]
    public void Below_four_events_between_snapshots_there_is_nothing_to_spread()
    {
        var settings = new StreamEntitySettings(IdempotencyWindow: 100, SnapshotEvery: 3);

        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(3, settings.SnapshotEveryFor($"acct-{i}")));
    }
}
