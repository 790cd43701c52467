using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Groups;

/// <summary>Consumer groups over HTTP against a real gateway: create, subscribe, ack, nack, status, delete.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class GroupHttpSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private Task<HttpResponseMessage> PutGroupAsync(string topic, string group, string body) =>
        _client.PutAsync($"/topics/{topic}/groups/{group}", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> SettleAsync(string topic, string group, string verb, params string[] ids)
    {
        using var response = await _client.PostAsJsonAsync($"/topics/{topic}/groups/{group}/{verb}", new { ids });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    [Fact]
    public async Task Creating_a_group_is_201_then_200_with_the_same_settings_and_409_with_others()
    {
        var topic = NewTopic();
        const string settings = """{"startFrom":"earliest","ackTimeoutSeconds":20,"maxDeliveries":3,"ordering":"stream"}""";

        using (var created = await PutGroupAsync(topic, "g", settings))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await JsonAsync(created);
            Assert.Equal((20, 3, "stream"), (body.GetProperty("ackTimeoutSeconds").GetInt32(), body.GetProperty("maxDeliveries").GetInt32(), body.GetProperty("ordering").GetString()));
        }

        using (var again = await PutGroupAsync(topic, "g", settings))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var other = await PutGroupAsync(topic, "g", """{"maxDeliveries":4}"""))
        {
            await AssertProblemAsync(other, HttpStatusCode.Conflict);
        }
    }

    [Theory]
    [InlineData("""{"ordering":"random"}""")]
    [InlineData("""{"ackTimeoutSeconds":0}""")]
    [InlineData("""{"maxDeliveries":"5"}""")]
    [InlineData("""{"colour":"blue"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"startFrom":""")]
    public async Task Bad_group_settings_are_400_and_create_nothing(string body)
    {
        var topic = NewTopic();
        using var response = await PutGroupAsync(topic, "g", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);

        using var status = await _client.GetAsync($"/topics/{topic}/groups/g");
        await AssertProblemAsync(status, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_names_are_400_and_unknown_groups_404()
    {
        using (var badGroup = await PutGroupAsync(NewTopic(), "bad name", "{}"))
        {
            await AssertProblemAsync(badGroup, HttpStatusCode.BadRequest);
        }

        var topic = NewTopic();
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/groups/none"),
            new HttpRequestMessage(HttpMethod.Delete, $"/topics/{topic}/groups/none"),
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/groups/none/subscribe"),
            new HttpRequestMessage(HttpMethod.Post, $"/topics/{topic}/groups/none/ack") { Content = JsonContent.Create(new { ids = new[] { "1.1" } }) },
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/groups/none/parked"),
            new HttpRequestMessage(HttpMethod.Post, $"/topics/{topic}/groups/none/parked/replay"),
        })
        {
            using (request)
            using (var response = await _client.SendAsync(request))
            {
                await AssertProblemAsync(response, HttpStatusCode.NotFound);
            }
        }
    }

    [Fact]
    public async Task A_member_gets_the_topics_events_acks_them_and_the_status_shows_the_checkpoint()
    {
        var topic = NewTopic();
        var stream = $"{topic}-1";
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(_client, stream, Event())).Dispose();
        }

        (await PutGroupAsync(topic, "g", "{}")).Dispose();
        await using var member = await SseClient.ConnectAsync(_client, $"/topics/{topic}/groups/g/subscribe");
        Assert.Equal("text/event-stream", member.Response.Content.Headers.ContentType?.MediaType);

        // Stream ordering: one event of the stream at a time, the next after the ack.
        var offsets = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var message = await member.NextEventAsync(Patience);
            var data = JsonDocument.Parse(message.Data!).RootElement;
            Assert.Equal(("Deposited", stream, i + 1L), (message.Event, data.GetProperty("stream").GetString(), data.GetProperty("sequence").GetInt64()));
            offsets.Add(data.GetProperty("offset").GetInt64());
            var settled = await SettleAsync(topic, "g", "ack", message.Id!);
            Assert.Equal(1, settled.GetProperty("accepted").GetInt32());
        }

        var status = await GetJsonAsync(_client, $"/topics/{topic}/groups/g");
        Assert.Equal((offsets[^1], 0L, 0, 1), (status.GetProperty("checkpoint").GetInt64(), status.GetProperty("lag").GetInt64(), status.GetProperty("inFlight").GetInt32(), status.GetProperty("members").GetInt32()));
    }

    [Fact]
    public async Task A_nacked_event_comes_again_under_a_new_id_and_the_old_id_is_reported_unknown()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        (await PutGroupAsync(topic, "g", """{"maxDeliveries":3}""")).Dispose();
        await using var member = await SseClient.ConnectAsync(_client, $"/topics/{topic}/groups/g/subscribe");

        var first = await member.NextEventAsync(Patience);
        await SettleAsync(topic, "g", "nack", first.Id!);
        var second = await member.NextEventAsync(Patience);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(JsonDocument.Parse(first.Data!).RootElement.GetProperty("offset").GetInt64(), JsonDocument.Parse(second.Data!).RootElement.GetProperty("offset").GetInt64());
        var late = await SettleAsync(topic, "g", "ack", first.Id!, second.Id!);
        Assert.Equal(1, late.GetProperty("accepted").GetInt32());
        Assert.Equal([first.Id], late.GetProperty("unknown").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Parked_events_are_listed_with_their_reason_and_a_replay_hands_them_out_again()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Event(type: "Poison"))).Dispose();
        (await PutGroupAsync(topic, "g", """{"maxDeliveries":1}""")).Dispose();
        await using var member = await SseClient.ConnectAsync(_client, $"/topics/{topic}/groups/g/subscribe");
        var first = await member.NextEventAsync(Patience);
        await SettleAsync(topic, "g", "nack", first.Id!);

        var list = await GetJsonAsync(_client, $"/topics/{topic}/groups/g/parked");
        var parked = list.GetProperty("parked").EnumerateArray().Single();
        Assert.Equal(("Poison", 1), (parked.GetProperty("event").GetProperty("type").GetString(), parked.GetProperty("deliveries").GetInt32()));
        Assert.Contains("negatively acknowledged", parked.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await GetJsonAsync(_client, $"/topics/{topic}/groups/g")).GetProperty("parked").GetInt32());

        using (var replay = await _client.PostAsync($"/topics/{topic}/groups/g/parked/replay", null))
        {
            Assert.Equal(1, (await JsonAsync(replay)).GetProperty("replayed").GetInt32());
        }

        var again = await member.NextEventAsync(Patience);
        Assert.Equal(first.Data, again.Data);
        await SettleAsync(topic, "g", "ack", again.Id!);
        Assert.Empty((await GetJsonAsync(_client, $"/topics/{topic}/groups/g/parked")).GetProperty("parked").EnumerateArray());
        Assert.Equal(0, (await GetJsonAsync(_client, $"/topics/{topic}/groups/g")).GetProperty("parked").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_group_ends_its_subscriptions_and_the_group_is_gone()
    {
        var topic = NewTopic();
        (await PutGroupAsync(topic, "g", "{}")).Dispose();
        await using var member = await SseClient.ConnectAsync(_client, $"/topics/{topic}/groups/g/subscribe");

        using (var deleted = await _client.DeleteAsync($"/topics/{topic}/groups/g"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await member.AssertEndedAsync(Patience);
        using var status = await _client.GetAsync($"/topics/{topic}/groups/g");
        await AssertProblemAsync(status, HttpStatusCode.NotFound);
    }
}
