using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Topics;

/// <summary><c>GET /topics</c> and the live <c>GET /topics/{topic}/stats</c> against a real gateway.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class TopicOverviewSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Topics_lists_each_topic_with_its_streams_and_events()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Batch(Event(), Event()))).Dispose();
        (await PostAsync(_client, $"{topic}-2", Event())).Dispose();

        var topics = (await GetJsonAsync(_client, "/topics")).GetProperty("topics").EnumerateArray().ToList();

        var mine = Assert.Single(topics, t => t.GetProperty("topic").GetString() == topic);
        Assert.Equal((2L, 3L), (mine.GetProperty("streams").GetInt64(), mine.GetProperty("events").GetInt64()));
    }

    [Fact]
    public async Task Stats_of_a_topic_match_a_count_of_its_events_over_the_same_window()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Batch(Event("Deposited"), Event("Deposited")))).Dispose();
        (await PostAsync(_client, $"{topic}-2", Event("Withdrawn"))).Dispose();
        (await PostAsync(_client, $"{topic}-3", Batch(Event("Deposited"), Event("Withdrawn"), Event("Closed")))).Dispose();
        var stored = (await GetJsonAsync(_client, $"/topics/{topic}")).GetProperty("events").EnumerateArray().ToList();

        // Commit announcements arrive asynchronously: wait until the window holds what the journal holds.
        var stats = await WaitForStatsAsync(topic, 60, s => s.GetProperty("events").GetInt64() == stored.Count);

        Assert.Equal(6, stored.Count);
        Assert.Equal(60, stats.GetProperty("perSecond").GetArrayLength());
        Assert.Equal(stored.Count, stats.GetProperty("perSecond").EnumerateArray().Sum(c => c.GetInt64()));
        var byType = stats.GetProperty("byType").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(stored.GroupBy(e => e.GetProperty("type").GetString()!).ToDictionary(g => g.Key, g => (long)g.Count()), byType);
        Assert.Equal(3, stats.GetProperty("activeStreams").GetInt32());
        Assert.True((await GetJsonAsync(_client, "/topics/$all/stats")).GetProperty("events").GetInt64() >= stored.Count);

        // A one-second window soon holds none of them: the figures come from the live flow's recent seconds.
        await WaitForStatsAsync(topic, 1, s => s.GetProperty("events").GetInt64() == 0 && s.GetProperty("activeStreams").GetInt32() == 0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    [InlineData("ten")]
    public async Task A_window_outside_1_to_300_seconds_is_400(string window)
    {
        using var response = await _client.GetAsync($"/topics/acct/stats?windowSeconds={window}");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private Task<System.Text.Json.JsonElement> WaitForStatsAsync(string topic, int window, Func<System.Text.Json.JsonElement, bool> condition) =>
        Eventually.ReadUntilAsync(
            () => GetJsonAsync(_client, $"/topics/{topic}/stats?windowSeconds={window}"),
            condition,
            Patience,
            TimeSpan.FromMilliseconds(100),
            stats => $"Stats never matched: {stats.GetRawText()}");
}
