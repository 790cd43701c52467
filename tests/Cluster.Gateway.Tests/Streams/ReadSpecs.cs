using System.Net;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Streams;

[Collection(SharedGatewayCollection.Name)]
public sealed class ReadSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_stream_is_read_in_pages_with_next_until_null()
    {
        var stream = NewStream();
        (await PostAsync(_client, stream, Batch(Enumerable.Range(0, 5).Select(i => Event(data: i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray()))).Dispose();

        var first = await GetJsonAsync(_client, $"/streams/{stream}?from=1&limit=2");
        Assert.Equal([1L, 2], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(3, first.GetProperty("next").GetInt64());

        var last = await GetJsonAsync(_client, $"/streams/{stream}?from=5&limit=2");
        Assert.Equal([5L], last.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);

        var beyond = await GetJsonAsync(_client, $"/streams/{stream}?from=9");
        Assert.Empty(beyond.GetProperty("events").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, beyond.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Reading_defaults_to_the_first_hundred_events()
    {
        var stream = NewStream();
        (await PostAsync(_client, stream, Batch(Enumerable.Range(0, 101).Select(_ => Event()).ToArray()))).Dispose();

        var page = await GetJsonAsync(_client, $"/streams/{stream}");
        Assert.Equal(100, page.GetProperty("events").GetArrayLength());
        Assert.Equal(101, page.GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task An_unknown_stream_is_404_for_read_and_info()
    {
        await AssertProblemAsync(await _client.GetAsync($"/streams/{NewStream()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await _client.GetAsync($"/streams/{NewStream()}/info"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("from=0")]
    [InlineData("from=abc")]
    public async Task Out_of_range_paging_is_400(string query)
    {
        var stream = NewStream();
        (await PostAsync(_client, stream, Event())).Dispose();
        await AssertProblemAsync(await _client.GetAsync($"/streams/{stream}?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Info_gives_topic_and_version()
    {
        var stream = NewStream("orders");
        (await PostAsync(_client, stream, Batch(Event(), Event(), Event()))).Dispose();

        var info = await GetJsonAsync(_client, $"/streams/{stream}/info");
        Assert.Equal(stream, info.GetProperty("stream").GetString());
        Assert.Equal("orders", info.GetProperty("topic").GetString());
        Assert.Equal(3, info.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stream_without_a_dash_is_its_own_topic()
    {
        var stream = NewTopic();
        (await PostAsync(_client, stream, Event())).Dispose();
        Assert.Equal(stream, (await GetJsonAsync(_client, $"/streams/{stream}/info")).GetProperty("topic").GetString());
        Assert.Single(await ReadWholeTopicAsync(_client, stream));
    }

    [Fact]
    public async Task Bad_stream_names_are_400_on_reads()
    {
        await AssertProblemAsync(await _client.GetAsync("/streams/_bad"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await _client.GetAsync("/streams/_bad/info"), HttpStatusCode.BadRequest);
    }
}
