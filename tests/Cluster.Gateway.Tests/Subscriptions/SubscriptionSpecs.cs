using System.Net;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Subscriptions;

[Collection(SharedGatewayCollection.Name)]
public sealed class SubscriptionSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_topic_subscription_catches_up_then_goes_live_without_gap_or_duplicate_under_concurrent_writes()
    {
        var topic = NewTopic();
        const int streams = 4;
        const int before = 30;
        const int perWriter = 40;
        for (var i = 0; i < before; i++)
        {
            (await PostAsync(_client, $"{topic}-{i % streams}", Event(data: i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Dispose();
        }

        await using var subscription = await SseClient.ConnectAsync(_client, $"/topics/{topic}/subscribe?after=0");
        Assert.Equal("text/event-stream", subscription.Response.Content.Headers.ContentType?.MediaType);

        // Writers run while the subscription is still catching up and after it went live.
        var writers = Enumerable.Range(0, streams).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var body = i % 4 == 0 ? Batch(Event(), Event()) : Event();
                using var response = await PostAsync(_client, $"{topic}-{w}", body);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        })).ToArray();

        var expected = before + (streams * perWriter) + (streams * (perWriter / 4));
        var received = new List<SseMessage>();
        while (received.Count < expected)
        {
            received.Add(await subscription.NextEventAsync(Patience));
        }

        await Task.WhenAll(writers);
        var stored = await ReadWholeTopicAsync(_client, topic);
        Assert.Equal(expected, stored.Count);

        var ids = received.Select(m => long.Parse(m.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(stored.Select(e => e.GetProperty("offset").GetInt64()), ids);
        var payloads = received.Select(m => JsonDocument.Parse(m.Data!).RootElement).ToList();
        Assert.Equal(ids, payloads.Select(p => p.GetProperty("offset").GetInt64()));
        Assert.Equal(received.Select(m => m.Event), payloads.Select(p => p.GetProperty("type").GetString()));

        // Per stream: sequences 1..N, in order, once each.
        foreach (var group in payloads.GroupBy(p => p.GetProperty("stream").GetString()))
        {
            var sequences = group.Select(p => p.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        }
    }

    [Fact]
    public async Task A_stream_subscription_starts_at_from_and_delivers_live_events()
    {
        var stream = NewStream();
        (await PostAsync(_client, stream, Batch(Event("A"), Event("B"), Event("C")))).Dispose();

        await using var subscription = await SseClient.ConnectAsync(_client, $"/streams/{stream}/subscribe?from=2");
        var b = await subscription.NextEventAsync(Patience);
        var c = await subscription.NextEventAsync(Patience);
        Assert.Equal(("2", "B"), (b.Id, b.Event));
        Assert.Equal(("3", "C"), (c.Id, c.Event));

        (await PostAsync(_client, stream, Event("D"))).Dispose();
        var d = await subscription.NextEventAsync(Patience);
        Assert.Equal(("4", "D"), (d.Id, d.Event));
        Assert.Equal(stream, JsonDocument.Parse(d.Data!).RootElement.GetProperty("stream").GetString());
    }

    [Fact]
    public async Task Last_event_id_resumes_after_that_id()
    {
        var stream = NewStream();
        (await PostAsync(_client, stream, Batch(Event("A"), Event("B"), Event("C")))).Dispose();

        await using var byStream = await SseClient.ConnectAsync(_client, $"/streams/{stream}/subscribe?from=1", lastEventId: "2");
        Assert.Equal("3", (await byStream.NextEventAsync(Patience)).Id);

        var topic = stream[..stream.IndexOf('-', StringComparison.Ordinal)];
        var all = await ReadWholeTopicAsync(_client, topic);
        var mine = all.Where(e => e.GetProperty("stream").GetString() == stream).ToList();
        var resumeAfter = mine[1].GetProperty("offset").GetInt64();
        await using var byTopic = await SseClient.ConnectAsync(_client, $"/topics/{topic}/subscribe", lastEventId: resumeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var next = await byTopic.NextEventAsync(Patience);
        Assert.True(long.Parse(next.Id!, System.Globalization.CultureInfo.InvariantCulture) > resumeAfter);
    }

    [Fact]
    public async Task The_all_subscription_sees_every_topic()
    {
        var last = (await ReadWholeTopicAsync(_client, "$all")).LastOrDefault();
        var after = last.ValueKind == JsonValueKind.Undefined ? 0 : last.GetProperty("offset").GetInt64();
        await using var subscription = await SseClient.ConnectAsync(_client, $"/topics/$all/subscribe?after={after}");
        var stream = NewStream(NewTopic());
        (await PostAsync(_client, stream, Event("Z"))).Dispose();

        while (true)
        {
            var message = await subscription.NextEventAsync(Patience);
            if (JsonDocument.Parse(message.Data!).RootElement.GetProperty("stream").GetString() == stream)
            {
                return;
            }
        }
    }

    [Theory]
    [InlineData("/streams/-bad/subscribe")]
    [InlineData("/topics/-bad/subscribe")]
    [InlineData("/streams/ok/subscribe?from=0")]
    [InlineData("/topics/ok/subscribe?after=x")]
    public async Task Bad_subscriptions_are_400(string path) =>
        await AssertProblemAsync(await _client.GetAsync(path), HttpStatusCode.BadRequest);
}
