using System.Net;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Retention;

/// <summary>Soft deletes, tombstones and truncation over HTTP, and every reader skipping what is gone.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class DeleteSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_soft_deleted_stream_is_unreadable_at_once_and_an_append_recreates_it_numbering_on()
    {
        var topic = NewTopic();
        var (gone, kept) = ($"{topic}-gone", $"{topic}-kept");
        await AppendCreatedAsync(_client, gone, Batch(Event("G1"), Event("G2"), Event("G3")));
        await AppendCreatedAsync(_client, kept, Event("K1"));

        using (var deleted = await _client.DeleteAsync($"/streams/{gone}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await AssertProblemAsync(await _client.GetAsync($"/streams/{gone}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await _client.GetAsync($"/streams/{gone}/info"), HttpStatusCode.NotFound);
        Assert.Equal(["K1"], Types(await ReadWholeTopicAsync(_client, topic)));

        using var recreated = await PostAsync(_client, gone, Event("G4"), expectedVersion: "none");
        Assert.Equal(HttpStatusCode.Created, recreated.StatusCode);
        Assert.Equal(4, (await JsonAsync(recreated)).GetProperty("firstSequence").GetInt64());
        Assert.Equal([4L], (await ReadWholeStreamAsync(_client, gone)).Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(4, (await GetJsonAsync(_client, $"/streams/{gone}/info")).GetProperty("version").GetInt64());
        Assert.Equal(["K1", "G4"], Types(await ReadWholeTopicAsync(_client, topic)));
    }

    [Fact]
    public async Task A_tombstoned_stream_answers_410_to_reads_appends_and_deletes_for_good()
    {
        var stream = NewStream();
        await AppendCreatedAsync(_client, stream, Event());

        using (var deleted = await _client.DeleteAsync($"/streams/{stream}?hard=true"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await AssertProblemAsync(await _client.GetAsync($"/streams/{stream}"), HttpStatusCode.Gone);
        await AssertProblemAsync(await _client.GetAsync($"/streams/{stream}/info"), HttpStatusCode.Gone);
        await AssertProblemAsync(await PostAsync(_client, stream, Event(), expectedVersion: "none"), HttpStatusCode.Gone);
        await AssertProblemAsync(await _client.DeleteAsync($"/streams/{stream}"), HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Truncating_hides_the_earlier_events_and_keeps_version_and_numbering()
    {
        var stream = NewStream();
        await AppendCreatedAsync(_client, stream, Batch(Event("E1"), Event("E2"), Event("E3"), Event("E4"), Event("E5")));

        using var truncated = await _client.PostAsync($"/streams/{stream}/truncate", Json("""{"before":3}"""));
        Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        var result = await JsonAsync(truncated);
        Assert.Equal((5L, 3L), (result.GetProperty("version").GetInt64(), result.GetProperty("readableFrom").GetInt64()));

        Assert.Equal(["E3", "E4", "E5"], Types(await ReadWholeStreamAsync(_client, stream)));
        Assert.Equal(5, (await GetJsonAsync(_client, $"/streams/{stream}/info")).GetProperty("version").GetInt64());
        using var next = await PostAsync(_client, stream, Event("E6"), expectedVersion: "5");
        Assert.Equal(6, (await JsonAsync(next)).GetProperty("firstSequence").GetInt64());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"before":0}""")]
    [InlineData("""{"before":"3"}""")]
    [InlineData("""{"before":3,"after":1}""")]
    [InlineData("""not json""")]
    public async Task A_bad_truncate_body_is_400_and_changes_nothing(string body)
    {
        var stream = NewStream();
        await AppendCreatedAsync(_client, stream, Batch(Event(), Event()));

        await AssertProblemAsync(await _client.PostAsync($"/streams/{stream}/truncate", Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal(2, (await ReadWholeStreamAsync(_client, stream)).Count);
    }

    [Fact]
    public async Task Deleting_or_truncating_a_stream_without_events_is_404_and_a_bad_hard_flag_is_400()
    {
        await AssertProblemAsync(await _client.DeleteAsync($"/streams/{NewStream()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await _client.PostAsync($"/streams/{NewStream()}/truncate", Json("""{"before":1}""")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await _client.DeleteAsync($"/streams/{NewStream()}?hard=yes"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_parked_event_of_a_deleted_stream_leaves_the_parked_list_and_a_replay_resolves_it()
    {
        var topic = NewTopic();
        var stream = $"{topic}-a";
        await AppendCreatedAsync(_client, stream, Event());
        using (var created = await _client.PutAsync($"/topics/{topic}/groups/g", Json("""{"maxDeliveries":1}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using (var member = await SseClient.ConnectAsync(_client, $"/topics/{topic}/groups/g/subscribe"))
        {
            var delivery = await member.NextEventAsync(Patience);
            (await _client.PostAsync($"/topics/{topic}/groups/g/nack", Json($$"""{"ids":["{{delivery.Id}}"]}"""))).Dispose();
        }

        await Eventually.UntilAsync(async () => (await GetJsonAsync(_client, $"/topics/{topic}/groups/g")).GetProperty("parked").GetInt32() == 1, Patience, TimeSpan.FromMilliseconds(100), () => "never parked");
        (await _client.DeleteAsync($"/streams/{stream}")).Dispose();

        Assert.Empty((await GetJsonAsync(_client, $"/topics/{topic}/groups/g/parked")).GetProperty("parked").EnumerateArray());
        using var replay = await _client.PostAsync($"/topics/{topic}/groups/g/parked/replay", null);
        Assert.Equal(0, (await JsonAsync(replay)).GetProperty("replayed").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(_client, $"/topics/{topic}/groups/g")).GetProperty("parked").GetInt32());
    }

    [Fact]
    public async Task Subscriptions_groups_and_topic_counts_skip_a_deleted_stream()
    {
        var topic = NewTopic();
        var (gone, kept) = ($"{topic}-gone", $"{topic}-kept");
        await AppendCreatedAsync(_client, gone, Batch(Event("G1"), Event("G2")));
        await AppendCreatedAsync(_client, kept, Event("K1"));
        using (var deleted = await _client.DeleteAsync($"/streams/{gone}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // SSE catch-up then live: the deleted events never come, the later ones do.
        await using var sse = await SseClient.ConnectAsync(_client, $"/topics/{topic}/subscribe");
        Assert.Equal("K1", (await sse.NextEventAsync(Patience)).Event);
        await AppendCreatedAsync(_client, kept, Event("K2"));
        Assert.Equal("K2", (await sse.NextEventAsync(Patience)).Event);

        // A new group from the earliest event hands out only what is readable.
        using (var created = await _client.PutAsync($"/topics/{topic}/groups/g", Json("""{"startFrom":"earliest","ordering":"none"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var member = await SseClient.ConnectAsync(_client, $"/topics/{topic}/groups/g/subscribe");
        var delivered = new[] { (await member.NextEventAsync(Patience)).Event, (await member.NextEventAsync(Patience)).Event };
        Assert.Equal(["K1", "K2"], delivered.Order());

        var topics = (await GetJsonAsync(_client, "/topics")).GetProperty("topics").EnumerateArray()
            .Single(t => t.GetProperty("topic").GetString() == topic);
        Assert.Equal((1, 2), (topics.GetProperty("streams").GetInt32(), topics.GetProperty("events").GetInt32()));
    }
}
