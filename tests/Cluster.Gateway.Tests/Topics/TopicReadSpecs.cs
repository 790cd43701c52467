using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Topics;

[Collection(SharedGatewayCollection.Name)]
public sealed class TopicReadSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_topic_holds_the_events_of_its_streams_in_offset_order()
    {
        var topic = NewTopic();
        var other = NewTopic();
        var a = $"{topic}-a";
        var b = $"{topic}-b";
        (await PostAsync(_client, a, Event("A1"))).Dispose();
        (await PostAsync(_client, $"{other}-x", Event("X1"))).Dispose();
        (await PostAsync(_client, b, Batch(Event("B1"), Event("B2")))).Dispose();
        (await PostAsync(_client, a, Event("A2"))).Dispose();

        var page = await GetJsonAsync(_client, $"/topics/{topic}?limit=3");
        var events = page.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["A1", "B1", "B2"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal(topic, e.GetProperty("topic").GetString()));
        var offsets = events.Select(e => e.GetProperty("offset").GetInt64()).ToList();
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(offsets[^1], page.GetProperty("next").GetInt64());

        var rest = await GetJsonAsync(_client, $"/topics/{topic}?after={page.GetProperty("next").GetInt64()}");
        Assert.Equal(["A2"], rest.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task All_holds_every_topic()
    {
        var topic = NewTopic();
        var other = NewTopic();
        var start = (await ReadWholeTopicAsync(_client, "$all")).LastOrDefault();
        var after = start.ValueKind == System.Text.Json.JsonValueKind.Undefined ? 0 : start.GetProperty("offset").GetInt64();
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        (await PostAsync(_client, $"{other}-1", Event())).Dispose();

        var page = await GetJsonAsync(_client, $"/topics/$all?after={after}&limit=1000");
        var topics = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("topic").GetString()).ToList();
        Assert.Contains(topic, topics);
        Assert.Contains(other, topics);
    }

    [Fact]
    public async Task An_empty_topic_answers_no_events_and_keeps_the_position()
    {
        var page = await GetJsonAsync(_client, $"/topics/{NewTopic()}?after=42");
        Assert.Empty(page.GetProperty("events").EnumerateArray());
        Assert.Equal(42, page.GetProperty("next").GetInt64());
    }

    [Theory]
    [InlineData("/topics/-bad")]
    [InlineData("/topics/acct?limit=0")]
    [InlineData("/topics/acct?limit=5000")]
    [InlineData("/topics/acct?after=-1")]
    public async Task Bad_topic_reads_are_400(string path) =>
        await AssertProblemAsync(await _client.GetAsync(path), HttpStatusCode.BadRequest);
}
