using System.Net;
using System.Text;
using Cluster.Tests.Shared;
using StandardWebhooks;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Webhooks;

/// <summary>Webhook deliveries against a real gateway and a real local HTTP receiver: order, retries, parking, limits, deletion, restarts.</summary>
[Collection(FastRetryGatewayCollection.Name)]
public sealed class WebhookSpecs(FastRetryGateway fixture) : WebhookSpecsBase(fixture)
{
    [Fact]
    public async Task Every_event_is_posted_once_as_read_signed_with_the_secret_and_in_stream_order()
    {
        var topic = NewTopic();
        var streams = Enumerable.Range(1, 3).Select(i => $"{topic}-{i}").ToList();
        await AppendAsync(streams, perStream: 5);
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created);
        await AppendAsync(streams, perStream: 3); // live, after the webhook caught up or while it does

        var posts = await Receiver.WaitUntilAsync(p => p.Count >= 24, Patience, "24 POSTs");

        Assert.Equal(24, posts.Count);
        Assert.All(posts, p => Assert.Equal(200, p.Answer));
        var signer = new StandardWebhook(Secret);
        Assert.All(posts, p => signer.Verify(p.Text, p.HeaderDictionary())); // throws unless it verifies
        Assert.All(posts, p => Assert.StartsWith("v1,", p.Headers[ReceivedPost.SignatureHeader], StringComparison.Ordinal));
        Assert.All(posts, p => Assert.Equal(p.Json.GetProperty("eventId").GetString(), p.WebhookId));
        foreach (var stream in streams)
        {
            // Each event once, in stream order, and exactly the JSON a read returns.
            var received = posts.Where(p => p.Stream == stream).ToList();
            Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), received.Select(p => p.Sequence));
            var read = (await GetJsonAsync(Client, $"/streams/{stream}")).GetProperty("events").EnumerateArray().Select(e => e.GetRawText());
            Assert.Equal(read, received.Select(p => Encoding.UTF8.GetString(p.Body)));
        }

        var status = await WaitForStatusAsync(topic, "w", s => s.GetProperty("inFlight").GetInt32() == 0 && s.GetProperty("lag").GetInt64() == 0);
        Assert.Equal(posts.Max(p => p.Offset), status.GetProperty("checkpoint").GetInt64());
        Assert.Equal((0, 1), (status.GetProperty("parked").GetInt32(), status.GetProperty("members").GetInt32()));
    }

    [Fact]
    public async Task A_deleted_streams_events_are_never_posted()
    {
        var topic = NewTopic();
        var (gone, kept) = ($"{topic}-gone", $"{topic}-kept");
        await AppendAsync([gone, kept], perStream: 2);
        (await Client.DeleteAsync($"/streams/{gone}")).Dispose();

        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created);
        await AppendAsync([kept], perStream: 1);

        // The live event comes after the caught-up ones: once it is there, nothing else is coming.
        var posts = await Receiver.WaitUntilAsync(p => p.Any(post => post.Sequence == 3), Patience, "the live event");
        Assert.Equal([(kept, 1L), (kept, 2L), (kept, 3L)], posts.Select(p => (p.Stream, p.Sequence)).Order());
    }

    [Fact]
    public async Task A_failed_post_is_retried_with_doubling_backoff_while_the_streams_later_events_wait()
    {
        var topic = NewTopic();
        var (slow, other) = ($"{topic}-slow", $"{topic}-other");
        Receiver.Answer = (e, attempt) => Task.FromResult(e.GetProperty("stream").GetString() == slow && e.GetProperty("sequence").GetInt64() == 1 && attempt < 3 ? 503 : 200);
        (await PostAsync(Client, slow, Batch(Event(), Event()))).Dispose();
        (await PostAsync(Client, other, Event())).Dispose();
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created);

        var posts = await Receiver.WaitUntilAsync(p => p.Count(x => x.Answer == 200) == 3, Patience, "three events delivered");

        var first = posts.Where(p => p.Stream == slow && p.Sequence == 1).ToList();
        Assert.Equal([1, 2, 3], first.Select(p => p.Attempt));
        Assert.Equal([503, 503, 200], first.Select(p => p.Answer));
        Assert.Equal($"{first[0].Offset}.1", first[0].DeliveryId);
        Assert.Single(first.Select(p => p.WebhookId).Distinct()); // one webhook-id for every attempt of the event
        Assert.All(first, p => new StandardWebhook(Secret).Verify(p.Text, p.HeaderDictionary()));

        // 200 ms, then 400 ms (timers never fire early; 20 ms allows for the two clocks' reads).
        var slop = TimeSpan.FromMilliseconds(20);
        Assert.True(first[1].At - first[0].At >= FastRetryGateway.MinBackoff - slop, $"second try after {(first[1].At - first[0].At).TotalMilliseconds} ms");
        Assert.True(first[2].At - first[1].At >= (2 * FastRetryGateway.MinBackoff) - slop, $"third try after {(first[2].At - first[1].At).TotalMilliseconds} ms");

        // The stream's second event only after its first got through; the other stream did not wait.
        var second = Assert.Single(posts, p => p.Stream == slow && p.Sequence == 2);
        Assert.True(second.At >= first[2].At);
        Assert.Single(posts, p => p.Stream == other);
    }

    [Fact]
    public async Task A_post_without_an_answer_in_time_is_tried_again()
    {
        var topic = NewTopic();
        Receiver.Answer = async (_, attempt) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return 200;
        };
        (await PostAsync(Client, $"{topic}-1", Event())).Dispose();
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created, """, "timeoutSeconds": 1""");

        var posts = await Receiver.WaitUntilAsync(p => p.Any(x => x.Attempt == 2), Patience, "a second attempt");

        Assert.Equal(posts[0].Offset, posts.Single(p => p.Attempt == 2).Offset);
        await WaitForStatusAsync(topic, "w", s => s.GetProperty("lag").GetInt64() == 0 && s.GetProperty("inFlight").GetInt32() == 0);
    }

    [Fact]
    public async Task An_event_failing_maxDeliveries_times_is_parked_the_stream_moves_on_and_a_replay_delivers_it()
    {
        var topic = NewTopic();
        var stream = $"{topic}-1";
        Receiver.Answer = (e, _) => Task.FromResult(e.GetProperty("type").GetString() == "Poison" ? 500 : 200);
        (await PostAsync(Client, stream, Batch(Event(type: "Poison"), Event()))).Dispose();
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created, """, "maxDeliveries": 2""");

        await Receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 2 && x.Answer == 200), Patience, "the event after the parked one");
        Assert.Equal(2, Receiver.Posts.Count(p => p.Sequence == 1));
        var parked = (await GetJsonAsync(Client, $"/topics/{topic}/webhooks/w/parked")).GetProperty("parked").EnumerateArray().Single();
        Assert.Equal(("Poison", 2), (parked.GetProperty("event").GetProperty("type").GetString(), parked.GetProperty("deliveries").GetInt32()));
        Assert.Equal(1, (await GetJsonAsync(Client, $"/topics/{topic}/webhooks/w")).GetProperty("parked").GetInt32());

        Receiver.Answer = (_, _) => Task.FromResult(200);
        using (var replay = await Client.PostAsync($"/topics/{topic}/webhooks/w/parked/replay", null))
        {
            Assert.Equal(1, (await JsonAsync(replay)).GetProperty("replayed").GetInt32());
        }

        await Receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 1 && x.Answer == 200), Patience, "the replayed event");
        await WaitForStatusAsync(topic, "w", s => s.GetProperty("parked").GetInt32() == 0);
        Assert.Empty((await GetJsonAsync(Client, $"/topics/{topic}/webhooks/w/parked")).GetProperty("parked").EnumerateArray());
    }

    [Fact]
    public async Task No_more_than_maxInFlight_posts_are_outstanding_at_once()
    {
        var topic = NewTopic();
        Receiver.Answer = async (_, _) =>
        {
            await Task.Delay(200);
            return 200;
        };
        await AppendAsync(Enumerable.Range(1, 12).Select(i => $"{topic}-{i}").ToList(), perStream: 1);
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created, """, "maxInFlight": 3""");

        await Receiver.WaitUntilAsync(p => p.Count == 12, Patience, "12 POSTs");

        Assert.InRange(Receiver.MaxConcurrent, 2, 3);
    }


    [Fact]
    public async Task A_deleted_webhook_is_gone_and_posts_no_more()
    {
        var topic = NewTopic();
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created);
        (await PostAsync(Client, $"{topic}-1", Event())).Dispose();
        await Receiver.WaitUntilAsync(p => p.Count == 1, Patience, "the first event");

        using (var deleted = await Client.DeleteAsync($"/topics/{topic}/webhooks/w"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/webhooks/w"),
            new HttpRequestMessage(HttpMethod.Delete, $"/topics/{topic}/webhooks/w"),
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/webhooks/w/parked"),
            new HttpRequestMessage(HttpMethod.Post, $"/topics/{topic}/webhooks/w/parked/replay"),
        })
        {
            using (request)
            using (var response = await Client.SendAsync(request))
            {
                await AssertProblemAsync(response, HttpStatusCode.NotFound);
            }
        }

        // An event appended after the delete reaches a new webhook (the probe) but not the deleted one.
        (await PostAsync(Client, $"{topic}-1", Event())).Dispose();
        await PutWebhookAsync(Client, topic, "probe", HttpStatusCode.Created, """, "startFrom": "latest" """);
        (await PostAsync(Client, $"{topic}-1", Event())).Dispose();
        await Receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 3), Patience, "the probe's event");
        Assert.DoesNotContain(Receiver.Posts, p => p.Sequence == 2);
    }

    [Fact]
    public async Task A_webhook_runs_again_after_the_gateway_is_killed_and_restarted_without_being_asked()
    {
        var topic = NewTopic();
        var gateway = await GatewayProcess.StartAsync(FastRetryGateway.Settings);
        GatewayProcess? restarted = null;
        try
        {
            await PutWebhookOnFreshGatewayAsync(gateway.Client, topic, "w");
            (await PostAsync(gateway.Client, $"{topic}-1", Event())).Dispose();
            await Receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 1 && x.Answer == 200), Patience, "the event before the kill");

            gateway.Kill();
            restarted = await gateway.RestartAsync(FastRetryGateway.Settings);

            // Nothing touches the webhook's endpoints: only the append, and sharding's remembered entities.
            (await PostAsync(restarted.Client, $"{topic}-1", Event())).Dispose();
            await Receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 2 && x.Answer == 200), Patience, "the event after the restart");
        }
        finally
        {
            // The first process owns the data folder: it goes last, after the process still using it.
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            await gateway.DisposeAsync();
        }
    }
}
