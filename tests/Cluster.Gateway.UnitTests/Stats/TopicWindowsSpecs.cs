using Cluster.Gateway.Stats;

namespace Cluster.Gateway.UnitTests.Stats;

/// <summary>Per-second windows of the live flow: counts, types, active streams, expiry and the bounds.</summary>
public sealed class TopicWindowsSpecs
{
    private const long T = 1_000_000;

    [Fact]
    public void Counts_land_in_their_second_and_the_window_lists_them_oldest_first()
    {
        var windows = new TopicWindows();
        windows.Record("acct", "acct-1", ["Deposited", "Deposited"], T);
        windows.Record("acct", "acct-2", ["Withdrawn"], T + 2);

        var stats = windows.Query("acct", 4, T + 2);

        Assert.Equal([0L, 2, 0, 1], stats.PerSecond);
        Assert.Equal(3, stats.Events);
        Assert.Equal(new Dictionary<string, long> { ["Deposited"] = 2, ["Withdrawn"] = 1 }, stats.ByType);
        Assert.Equal(2, stats.ActiveStreams);
    }

    [Fact]
    public void What_is_older_than_the_window_no_longer_counts_even_when_its_slot_is_reused()
    {
        var windows = new TopicWindows();
        windows.Record("acct", "acct-1", ["Deposited"], T);
        windows.Record("acct", "acct-2", ["Deposited"], T + TopicWindows.MaxWindowSeconds); // same ring slot as T

        var recent = windows.Query("acct", 10, T + TopicWindows.MaxWindowSeconds);
        Assert.Equal(1, recent.Events);
        Assert.Equal(1, recent.ActiveStreams);

        var later = windows.Query("acct", 60, T + TopicWindows.MaxWindowSeconds + 61);
        Assert.Equal(0, later.Events);
        Assert.Empty(later.ByType);
        Assert.Equal(0, later.ActiveStreams);
    }

    [Fact]
    public void Types_past_the_limit_count_as_other_and_streams_past_the_limit_mark_the_count_as_capped()
    {
        var windows = new TopicWindows();
        for (var i = 0; i < TopicWindows.MaxTypesPerTopic + 5; i++)
        {
            windows.Record("acct", "acct-1", [$"Type{i}"], T);
        }

        for (var i = 0; i < TopicWindows.MaxStreamsPerTopic + 1; i++)
        {
            windows.Record("acct", $"acct-s{i}", ["Type0"], T);
        }

        var stats = windows.Query("acct", 60, T);
        Assert.Equal(TopicWindows.MaxTypesPerTopic + 1, stats.ByType.Count);
        Assert.Equal(5, stats.ByType[TopicWindows.OtherType]);
        Assert.Equal(TopicWindows.MaxStreamsPerTopic, stats.ActiveStreams);
        Assert.True(stats.StreamsCapped);
    }

    [Fact]
    public void A_full_topic_takes_new_streams_once_its_streams_fall_outside_every_window()
    {
        var windows = new TopicWindows();
        for (var i = 0; i < TopicWindows.MaxStreamsPerTopic; i++)
        {
            windows.Record("acct", $"acct-s{i}", ["A"], T);
        }

        windows.Record("acct", "acct-refused-1", ["A"], T + 1);
        windows.Record("acct", "acct-refused-2", ["A"], T + 1);
        windows.Record("acct", "acct-s0", ["A"], T + 2); // a tracked stream stays tracked
        Assert.Equal(1, windows.Query("acct", 1, T + 2).ActiveStreams);
        Assert.True(windows.Query("acct", 1, T + 2).StreamsCapped);

        var past = T + TopicWindows.MaxWindowSeconds;
        windows.Record("acct", "acct-new-1", ["A"], past);
        windows.Record("acct", "acct-new-2", ["A"], past);

        var stats = windows.Query("acct", TopicWindows.MaxWindowSeconds, past);
        Assert.Equal(3, stats.ActiveStreams); // acct-s0 (seen at T + 2) and the two new ones; the refused two were never tracked
    }

    [Fact]
    public void A_new_topic_past_the_limit_replaces_the_least_recently_active_one()
    {
        var windows = new TopicWindows();
        for (var i = 0; i < TopicWindows.MaxTopics; i++)
        {
            windows.Record($"t{i}", $"t{i}-1", ["A"], T + i);
        }

        windows.Record("fresh", "fresh-1", ["A"], T + TopicWindows.MaxTopics);

        Assert.Equal(0, windows.Query("t0", 300, T + TopicWindows.MaxTopics).Events);
        Assert.Equal(1, windows.Query("t1", 300, T + TopicWindows.MaxTopics).Events);
        Assert.Equal(1, windows.Query("fresh", 300, T + TopicWindows.MaxTopics).Events);
    }

    [Fact]
    public void Windows_outside_1_to_300_seconds_are_refused()
    {
        var windows = new TopicWindows();
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.Query("acct", 0, T));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.Query("acct", TopicWindows.MaxWindowSeconds + 1, T));
    }
}
