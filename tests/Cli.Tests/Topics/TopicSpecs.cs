using Cli.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Topics;

/// <summary><c>evc topics</c> and <c>evc stats</c>: what the journal holds per topic, and the live flow.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class TopicSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Topics_lists_a_topic_with_its_stream_and_event_counts()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Batch(Event(), Event()));
        await AppendCreatedAsync(gateway.Http, $"{topic}-2", Event());

        var listed = (await gateway.RunAsync(["topics", "--json"])).Json().GetProperty("topics").EnumerateArray()
            .Single(t => t.GetProperty("topic").GetString() == topic);
        var table = await gateway.RunAsync(["topics"]);

        Assert.Equal((2L, 3L), (listed.GetProperty("streams").GetInt64(), listed.GetProperty("events").GetInt64()));
        Assert.Contains(topic, table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_counts_the_live_flow_by_type_and_a_window_out_of_range_exits_1()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Batch(Event("Opened"), Event("Deposited"), Event("Deposited")));

        // Counted as the commits are announced to the gateway: read until the three are in.
        var stats = await Eventually.ReadUntilAsync(
            async () => (await gateway.RunAsync(["stats", topic, "--window", "60", "--json"])).Json(),
            s => s.GetProperty("events").GetInt64() == 3,
            SpecTimes.Patience,
            TimeSpan.FromMilliseconds(200),
            s => $"stats: {s}");
        var table = await gateway.RunAsync(["stats", topic]);

        Assert.Equal(60, stats.GetProperty("perSecond").GetArrayLength());
        Assert.Equal((1L, 2L), (stats.GetProperty("byType").GetProperty("Opened").GetInt64(), stats.GetProperty("byType").GetProperty("Deposited").GetInt64()));
        Assert.Equal(1, stats.GetProperty("activeStreams").GetInt32());
        Assert.Contains("Deposited", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("--window", (await gateway.RunAsync(["stats", topic, "--window", "0"])).AssertFailed(1), StringComparison.Ordinal);
    }
}
